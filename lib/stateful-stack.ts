// The hub's state: DynamoDB tables and SQS queues, encrypted with a customer-managed KMS key,
// point-in-time recovery on, kept when the stack is deleted. Built from the same definitions the
// local hub uses (functions/platform/resources.ts), so the two cannot drift. Also what the
// deployment's configuration (lib/config/) asks for: each SQS subscriber's own queue, readable
// from the accounts it names, and the configured senders and subscribers seeded into the tables.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  MESSAGE_RETENTION_DAYS,
  QUEUES,
  type QueueDefinition,
  queueName,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  subscriberDeadLetterQueueName,
  subscriberQueueName,
  TABLES,
  type TableDefinition,
  tableName,
} from '../functions/platform/resources.ts';
import type { HubConfig } from './config/index.ts';
import { ConfigSeed } from './constructs/config-seed.ts';

export interface StatefulStackProps extends StackProps {
  deployment: string;
  /**
   * The deployment's configuration, for what it adds here: SQS subscribers' queues, and the senders
   * and subscribers seeded into the tables. Without it, the tables and the hub's own queues only.
   */
  config?: HubConfig;
}

/** What a subscriber's own account may do with its queue: read, delete and extend, nothing else. */
export const SUBSCRIBER_CONSUMER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
];

/** Receives after which a subscriber's alert moves to its queue's DLQ (the hub's operators see it). */
const SUBSCRIBER_MAX_RECEIVES = 10;

export interface HubQueue {
  queue: Queue;
  deadLetter: Queue;
}

const type = (t: 'S' | 'N') => (t === 'S' ? AttributeType.STRING : AttributeType.NUMBER);

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly tables = new Map<TableDefinition, Table>();
  readonly queues = new Map<QueueDefinition, HubQueue>();
  /** Each SQS subscriber's queue, by subscriber id. */
  readonly subscriberQueues = new Map<string, HubQueue>();

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { deployment, config } = props;
    const messageDays = config?.retention.messageDays ?? MESSAGE_RETENTION_DAYS;
    if (config !== undefined && config.deployment !== deployment) {
      throw new Error(
        `StatefulStack: deployment '${deployment}' but configuration of '${config.deployment}'`,
      );
    }
    this.key = new Key(this, 'DataKey', {
      description: `ADT Hub ${deployment}: tables and queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The functions' log groups are encrypted with the same key.
    this.key.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    // CloudWatch alarms publish to the alarm topic, which this key encrypts.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');

    for (const definition of TABLES) {
      const table = new Table(this, `${definition.name}Table`, {
        tableName: tableName(deployment, definition),
        partitionKey: { name: definition.partitionKey.name, type: type(definition.partitionKey.type) },
        sortKey: definition.sortKey && { name: definition.sortKey.name, type: type(definition.sortKey.type) },
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        // No copy outlives the data it copies: the recovery window is at most the message retention.
        pointInTimeRecoverySpecification: {
          pointInTimeRecoveryEnabled: true,
          recoveryPeriodInDays: Math.min(35, messageDays),
        },
        timeToLiveAttribute: definition.ttlAttribute,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of definition.globalIndexes ?? []) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey.name, type: type(index.partitionKey.type) },
          sortKey: index.sortKey && { name: index.sortKey.name, type: type(index.sortKey.type) },
        });
      }
      this.tables.set(definition, table);
    }

    for (const definition of QUEUES) {
      const common = {
        fifo: definition.fifo || undefined,
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: Duration.seconds(definition.retentionSeconds),
        removalPolicy: RemovalPolicy.RETAIN,
      };
      const deadLetter = new Queue(this, `${definition.name}DeadLetterQueue`, {
        ...common,
        queueName: queueName(deployment, definition, true),
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, `${definition.name}Queue`, {
        ...common,
        queueName: queueName(deployment, definition),
        contentBasedDeduplication: definition.fifo ? false : undefined,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetter, maxReceiveCount: definition.maxReceiveCount },
      });
      this.queues.set(definition, { queue, deadLetter });
      Validations.of(deadLetter).acknowledge({
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason:
          'This is a dead-letter queue: the end of the line, watched by an alarm and emptied by an operator (adt-hub dlq redrive).',
      });
    }

    if (config !== undefined) {
      this.addSubscriberQueues(config);
      const sendersTable = this.tables.get(SENDERS_TABLE);
      const registryTable = this.tables.get(REGISTRY_TABLE);
      if (sendersTable === undefined || registryTable === undefined) throw new Error('Tables missing');
      new ConfigSeed(this, 'Configured', {
        config,
        sendersTable,
        registryTable,
        key: this.key,
        queueUrls: new Map([...this.subscriberQueues].map(([id, { queue }]) => [id, queue.queueUrl])),
      });
    }

    // A daily backup, as HIPAA's contingency plan asks, kept as long as the messages themselves
    // (retention.messageDays): a backup must not keep raw HL7 the tables have long since let go.
    const backups = new BackupPlan(this, 'Backups', {
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: Duration.days(messageDays),
        }),
      ],
    });
    const selection = backups.addSelection('Tables', {
      resources: [...this.tables.values()].map((table) => BackupResource.fromDynamoDbTable(table)),
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The AWS Backup service role policy is what AWS Backup needs to snapshot these tables; it grants nothing to the hub’s own code.',
    });
  }

  /**
   * Each SQS subscriber's FIFO queue, named as the CLI names it, with a FIFO DLQ; encrypted with the
   * hub's key, so its consumer accounts get kms:Decrypt through SQS, for that queue only.
   */
  private addSubscriberQueues(config: HubConfig): void {
    let hasConsumers = false;
    for (const subscriber of config.subscribers) {
      if (subscriber.delivery.kind !== 'sqs') continue;
      const name = subscriberQueueName(config.deployment, subscriber.id);
      const common = {
        fifo: true,
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
      };
      const deadLetter = new Queue(this, `Subscriber-${subscriber.id}-DeadLetterQueue`, {
        ...common,
        queueName: subscriberDeadLetterQueueName(config.deployment, subscriber.id),
      });
      const queue = new Queue(this, `Subscriber-${subscriber.id}-Queue`, {
        ...common,
        queueName: name,
        contentBasedDeduplication: false,
        deadLetterQueue: { queue: deadLetter, maxReceiveCount: SUBSCRIBER_MAX_RECEIVES },
      });
      this.subscriberQueues.set(subscriber.id, { queue, deadLetter });
      // What the subscriber is given to read from (no export: nothing else depends on it).
      new CfnOutput(this, `Subscriber-${subscriber.id}-QueueUrl`, {
        description: `Queue of subscriber ${subscriber.id}`,
        value: queue.queueUrl,
      });
      Validations.of(deadLetter).acknowledge({
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason:
          'This is the dead-letter queue of a subscriber’s queue: alerts its consumer failed to take 10 times wait here for the hub’s operators.',
      });

      const consumers = subscriber.delivery.consumerAccounts.map((account) => new AccountPrincipal(account));
      if (consumers.length === 0) continue;
      hasConsumers = true;
      queue.addToResourcePolicy(
        new PolicyStatement({
          principals: consumers,
          actions: SUBSCRIBER_CONSUMER_ACTIONS,
          resources: [queue.queueArn],
        }),
      );
      // The queue's ARN from its name: the key cannot refer to a queue that it encrypts.
      const queueArn = this.formatArn({ service: 'sqs', resource: name });
      this.key.addToResourcePolicy(
        new PolicyStatement({
          principals: consumers,
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:ViaService': `sqs.${this.region}.amazonaws.com`,
              'kms:EncryptionContext:aws:sqs:arn': queueArn,
            },
          },
        }),
      );
    }
    if (hasConsumers) {
      // Consumer accounts name it in their own IAM policies (kms:Decrypt).
      new CfnOutput(this, 'DataKeyArn', {
        description: 'The key that encrypts subscriber queues',
        value: this.key.keyArn,
      });
    }
  }
}
