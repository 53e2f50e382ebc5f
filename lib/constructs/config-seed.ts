// The senders and subscribers of the deployment's configuration, written into the hub's tables at
// deploy time, in the adapters' own item shapes (lib/registry-items.ts), and deleted when they
// leave the configuration. Senders and SQS subscribers carry nothing secret: an AwsCustomResource
// puts each one. A webhook subscriber's secret must not pass through the template or
// AwsCustomResource (which cannot resolve it and logs its requests whole): a small function of
// ours reads it from Secrets Manager at deploy time (functions/deploy/seed-webhook-subscriber.ts).
import { fileURLToPath } from 'node:url';
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  Logging,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { HubConfig, SubscriberConfig } from '../config/index.ts';
import {
  seededSubscriber,
  senderItem,
  subscriberItem,
  subscriberKey,
  toAttributeMap,
} from '../registry-items.ts';
import { HOUSE_BUNDLING } from './hub-function.ts';

export interface ConfigSeedProps {
  config: HubConfig;
  sendersTable: Table;
  registryTable: Table;
  /** Encrypts both tables. */
  key: IKey;
  /** The queue URL of each SQS subscriber, by subscriber id. */
  queueUrls: ReadonlyMap<string, string>;
}

/** The AwsCustomResource provider, one per stack: CDK's fixed id for it. */
const PROVIDER_ID = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

export class ConfigSeed extends Construct {
  constructor(scope: Construct, id: string, props: ConfigSeedProps) {
    super(scope, id);
    const { config, sendersTable, registryTable, key } = props;
    const logRetention = config.retention.logDays as RetentionDays;
    let providerLogs: LogGroup | undefined;
    const writeTo = (table: Table) => {
      providerLogs ??= new LogGroup(this, 'SeedLogs', {
        retention: logRetention,
        encryptionKey: key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      return {
        installLatestAwsSdk: false,
        logGroup: providerLogs,
        timeout: Duration.minutes(1),
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({
            actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
            resources: [table.tableArn],
          }),
          new PolicyStatement({
            actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [key.keyArn],
          }),
        ]),
      };
    };

    /** Puts one item on deploy; deletes it when it leaves the configuration, if still its own. */
    const seed = (
      id: string,
      resourceType: string,
      table: Table,
      item: Parameters<typeof toAttributeMap>[0],
      physicalId: string,
      stillOurs: { key: Record<string, unknown>; condition: Omit<Record<string, unknown>, 'Key'> },
    ) => {
      const put: AwsSdkCall = {
        service: 'DynamoDB',
        action: 'putItem',
        parameters: { TableName: table.tableName, Item: toAttributeMap(item) },
        physicalResourceId: PhysicalResourceId.of(physicalId),
        logging: Logging.withDataHidden(),
      };
      const seeded = new AwsCustomResource(this, id, {
        ...writeTo(table),
        resourceType,
        onCreate: put,
        onUpdate: put,
        onDelete: {
          service: 'DynamoDB',
          action: 'deleteItem',
          parameters: { TableName: table.tableName, Key: stillOurs.key, ...stillOurs.condition },
          ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
          logging: Logging.withDataHidden(),
        },
      });
      acknowledgeSeedPolicy(seeded);
    };

    for (const sender of config.senders) {
      // A new key hash is a new item: the old one is deleted once the new one is written.
      seed(
        `Sender-${sender.id}`,
        'Custom::AdtHubSender',
        sendersTable,
        senderItem(sender),
        `senders/${sender.keyHash}`,
        {
          key: { keyHash: { S: sender.keyHash } },
          // Only while the key is still this sender's: an entry renamed in the same deployment
          // has just written the same key under its new id.
          condition: {
            ConditionExpression: 'senderId = :senderId',
            ExpressionAttributeValues: { ':senderId': { S: sender.id } },
          },
        },
      );
    }

    const webhookSubscribers: SubscriberConfig[] = [];
    for (const subscriber of config.subscribers) {
      if (subscriber.delivery.kind === 'webhook') {
        webhookSubscribers.push(subscriber);
        continue;
      }
      const queueUrl = props.queueUrls.get(subscriber.id);
      if (queueUrl === undefined) throw new Error(`ConfigSeed: no queue for SQS subscriber ${subscriber.id}`);
      seed(
        `SqsSubscriber-${subscriber.id}`,
        'Custom::AdtHubSqsSubscriber',
        registryTable,
        subscriberItem(subscriber, queueUrl),
        `registry/SUBSCRIBERS/${subscriber.id}`,
        {
          key: toAttributeMap(subscriberKey(subscriber.id)),
          // Not once the configuration has made it a webhook subscriber (written before this delete).
          condition: {
            ConditionExpression: '#delivery.#kind = :sqs',
            ExpressionAttributeNames: { '#delivery': 'delivery', '#kind': 'kind' },
            ExpressionAttributeValues: { ':sqs': { S: 'sqs' } },
          },
        },
      );
    }

    if (webhookSubscribers.length > 0) this.seedWebhookSubscribers(webhookSubscribers, props, logRetention);
    if (providerLogs !== undefined) acknowledgeProvider(Stack.of(this));
  }

  private seedWebhookSubscribers(
    subscribers: SubscriberConfig[],
    props: ConfigSeedProps,
    logRetention: RetentionDays,
  ): void {
    const { registryTable, key } = props;
    const seeder = new NodejsFunction(this, 'WebhookSubscriberSeeder', {
      entry: fileURLToPath(new URL('../../functions/deploy/seed-webhook-subscriber.ts', import.meta.url)),
      handler: 'handler',
      description:
        'Deploy time: writes each webhook subscriber of the configuration, its secret from Secrets Manager',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      loggingFormat: LoggingFormat.JSON,
      logGroup: new LogGroup(this, 'WebhookSubscriberSeederLogs', {
        retention: logRetention,
        encryptionKey: key,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: 2,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'adt-hub' },
      bundling: HOUSE_BUNDLING,
    });
    seeder.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [registryTable.tableArn],
      }),
    );
    seeder.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
    const stack = Stack.of(this);
    const secretArns = subscribers.map(({ delivery }) => {
      const secret = delivery.kind === 'webhook' ? delivery.secretName : '';
      // A name becomes the secret's ARN but for the six random characters Secrets Manager adds.
      return secret.startsWith('arn:')
        ? secret
        : stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${secret}-??????`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          });
    });
    seeder.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...new Set(secretArns)],
      }),
    );

    for (const subscriber of subscribers) {
      if (subscriber.delivery.kind !== 'webhook') continue;
      new CustomResource(this, `WebhookSubscriber-${subscriber.id}`, {
        serviceToken: seeder.functionArn,
        resourceType: 'Custom::AdtHubWebhookSubscriber',
        // Fail the deployment within minutes, not CloudFormation's hour, if no answer comes.
        serviceTimeout: Duration.minutes(5),
        properties: {
          TableName: registryTable.tableName,
          Subscriber: JSON.stringify(seededSubscriber(subscriber)),
          // The secret's name only: the value is read by the function, never put in the template.
          SecretId: subscriber.delivery.secretName,
        },
      });
    }

    const acknowledge = (id: string, reason: string) => Validations.of(seeder).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'Only the X-Ray actions that active tracing adds, which support no resource-level permissions; the data actions name the registry table, the key and each secret.',
    );
    acknowledge(
      'AwsSolutions::AwsSolutions-L1',
      'nodejs22.x, the runtime the hub is built and tested for, as every hub function.',
    );
    acknowledge(
      'Serverless::Serverless-LambdaLatestVersion',
      'As AwsSolutions-L1: nodejs22.x is the tested runtime.',
    );
    acknowledge(
      'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
      'The inline policy is the one CDK builds from grants on the registry table, the key and the named secrets, owned by this function alone.',
    );
    for (const id of ['HIPAA.Security::HIPAA.Security-LambdaDLQ', 'Serverless::Serverless-LambdaDLQ']) {
      acknowledge(
        id,
        'Invoked only by CloudFormation during a deployment: when it fails or never answers, the deployment fails and rolls back (service timeout 5 minutes); there is nothing to replay from a DLQ.',
      );
    }
    acknowledge(
      'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
      'Runs a few times per deployment and calls only Secrets Manager, DynamoDB and CloudFormation’s pre-signed response URL over TLS with IAM authentication; it never handles patient data.',
    );
  }
}

/** Each AwsCustomResource adds its policy to the provider's role as an inline policy of its own. */
function acknowledgeSeedPolicy(seeded: AwsCustomResource): void {
  Validations.of(seeded).acknowledge({
    id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
    reason:
      'CDK’s AwsCustomResource gives its deploy-time provider role this inline policy: dynamodb:PutItem and DeleteItem on the one table it seeds, and kms:Encrypt, GenerateDataKey and Decrypt on the hub’s key. Least privilege, used by nothing else.',
  });
}

/** The findings of CDK's AwsCustomResource provider function, each with why it is acceptable here. */
function acknowledgeProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (provider === undefined) throw new Error('ConfigSeed: AwsCustomResource provider not found');
  const acknowledge = (id: string, reason: string) => Validations.of(provider).acknowledge({ id, reason });
  const deployOnly =
    'CDK’s AwsCustomResource provider runs only during deployments, invoked by CloudFormation to put or delete one sender or SQS subscriber item (no secrets, no patient data)';
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${deployOnly}; AWSLambdaBasicExecutionRole only lets it write its own logs, into an encrypted log group with a retention.`,
  );
  for (const id of ['HIPAA.Security::HIPAA.Security-LambdaDLQ', 'Serverless::Serverless-LambdaDLQ']) {
    acknowledge(
      id,
      `${deployOnly}: when a call fails, CloudFormation fails and rolls back the deployment; nothing is left to replay.`,
    );
  }
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
    `${deployOnly}; it calls only DynamoDB over TLS with IAM authentication.`,
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
    `${deployOnly}; CloudFormation calls it a few times per deployment, so a concurrency ceiling would only slow deployments, and aws-cdk-lib offers no setting for it.`,
  );
  acknowledge(
    'Serverless::Serverless-LambdaTracing',
    `${deployOnly}; aws-cdk-lib offers no tracing setting for it and there is no request flow to trace.`,
  );
  acknowledge(
    'Serverless::Serverless-LambdaDefaultMemorySize',
    `${deployOnly}; aws-cdk-lib sizes it, and one DynamoDB call per invocation needs no more.`,
  );
}
