// The hub's state: DynamoDB tables and SQS queues, encrypted with a customer-managed KMS key,
// point-in-time recovery on, kept when the stack is deleted. Built from the same definitions the
// local hub uses (functions/platform/resources.ts), so the two cannot drift.
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupResource } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  QUEUES,
  type QueueDefinition,
  queueName,
  TABLES,
  type TableDefinition,
  tableName,
} from '../functions/platform/resources.ts';

export interface StatefulStackProps extends StackProps {
  deployment: string;
}

export interface HubQueue {
  queue: Queue;
  deadLetter: Queue;
}

const type = (t: 'S' | 'N') => (t === 'S' ? AttributeType.STRING : AttributeType.NUMBER);

export class StatefulStack extends Stack {
  readonly key: Key;
  readonly tables = new Map<TableDefinition, Table>();
  readonly queues = new Map<QueueDefinition, HubQueue>();

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.key = new Key(this, 'DataKey', {
      description: `ADT Hub ${props.deployment}: tables and queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The functions' log groups are encrypted with the same key.
    this.key.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    // CloudWatch alarms publish to the alarm topic, which this key encrypts.
    this.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');

    for (const definition of TABLES) {
      const table = new Table(this, `${definition.name}Table`, {
        tableName: tableName(props.deployment, definition),
        partitionKey: { name: definition.partitionKey.name, type: type(definition.partitionKey.type) },
        sortKey: definition.sortKey && { name: definition.sortKey.name, type: type(definition.sortKey.type) },
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
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
        queueName: queueName(props.deployment, definition, true),
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, `${definition.name}Queue`, {
        ...common,
        queueName: queueName(props.deployment, definition),
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

    // Point-in-time recovery covers the last 35 days; the backup plan keeps daily, weekly and
    // monthly copies beyond that, as HIPAA's contingency plan asks.
    const backups = BackupPlan.dailyWeeklyMonthly5YearRetention(this, 'Backups');
    const selection = backups.addSelection('Tables', {
      resources: [...this.tables.values()].map((table) => BackupResource.fromDynamoDbTable(table)),
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The AWS Backup service role policy is what AWS Backup needs to snapshot these tables; it grants nothing to the hub’s own code.',
    });
  }
}
