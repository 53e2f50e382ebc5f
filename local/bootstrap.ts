// Creates the hub's tables and queues on the emulators, from the same definitions the CDK
// stack uses (functions/platform/resources.ts). Safe to run again: what exists is kept.
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ALERTS_TABLE,
  INGEST_QUEUE,
  MESSAGES_TABLE,
  QUEUES,
  type QueueDefinition,
  queueName,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  TABLES,
  type TableDefinition,
  tableName,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import type { Settings } from '../functions/platform/settings.ts';

export interface QueueUrls {
  url: string;
  arn: string;
  deadLetterUrl: string;
}

async function createTable(
  client: DynamoDBDocumentClient,
  name: string,
  table: TableDefinition,
): Promise<void> {
  const keys = [
    table.partitionKey,
    ...(table.sortKey ? [table.sortKey] : []),
    ...(table.globalIndexes ?? []).flatMap((index) => [
      index.partitionKey,
      ...(index.sortKey ? [index.sortKey] : []),
    ]),
  ];
  const attributes = new Map<string, AttributeDefinition>();
  for (const key of keys) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  const keySchema = (partition: string, sort?: string) => [
    { AttributeName: partition, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort, KeyType: 'RANGE' as const }] : []),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes.values()],
        KeySchema: keySchema(table.partitionKey.name, table.sortKey?.name),
        GlobalSecondaryIndexes: table.globalIndexes?.map((index) => ({
          IndexName: index.name,
          KeySchema: keySchema(index.partitionKey.name, index.sortKey?.name),
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    // The document client passes low-level commands through as they are.
    await waitUntilTableExists(
      { client: client as unknown as DynamoDBClient, maxWaitTime: 30 },
      { TableName: name },
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  if (table.ttlAttribute !== undefined) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
}

async function createQueue(
  client: SQSClient,
  deployment: string,
  queue: QueueDefinition,
): Promise<QueueUrls> {
  const fifo = queue.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {};
  const retention = String(queue.retentionSeconds);
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: queueName(deployment, queue, true),
      Attributes: { ...fifo, MessageRetentionPeriod: retention },
    }),
  );
  const dlqArn = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const main = await client.send(
    new CreateQueueCommand({
      QueueName: queueName(deployment, queue),
      Attributes: {
        ...fifo,
        MessageRetentionPeriod: retention,
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
          maxReceiveCount: queue.maxReceiveCount,
        }),
      },
    }),
  );
  const mainArn = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return {
    url: main.QueueUrl ?? '',
    arn: mainArn.Attributes?.QueueArn ?? '',
    deadLetterUrl: dlq.QueueUrl ?? '',
  };
}

/** Where the hub's tables and queues are: as a deployed function's settings have them. */
export type ResourceSettings = Pick<
  Settings,
  | 'messagesTable'
  | 'sendersTable'
  | 'registryTable'
  | 'alertsTable'
  | 'ingestQueueUrl'
  | 'ingestDeadLetterUrl'
  | 'webhookQueueUrl'
  | 'webhookDeadLetterUrl'
>;

/**
 * Creates every table and queue for `deployment` and returns where they are, as the settings a
 * handler needs, and each queue's URLs.
 */
export async function bootstrap(
  deployment: string,
  clients: { dynamodb: DynamoDBDocumentClient; sqs: SQSClient },
): Promise<{ settings: ResourceSettings; queues: Map<QueueDefinition, QueueUrls> }> {
  await Promise.all(
    TABLES.map((table) => createTable(clients.dynamodb, tableName(deployment, table), table)),
  );
  const queues = new Map<QueueDefinition, QueueUrls>();
  for (const queue of QUEUES) queues.set(queue, await createQueue(clients.sqs, deployment, queue));
  const urls = (queue: QueueDefinition) => {
    const found = queues.get(queue);
    if (found === undefined) throw new Error(`the ${queue.name} queue was not created`);
    return found;
  };
  return {
    settings: {
      messagesTable: tableName(deployment, MESSAGES_TABLE),
      sendersTable: tableName(deployment, SENDERS_TABLE),
      registryTable: tableName(deployment, REGISTRY_TABLE),
      alertsTable: tableName(deployment, ALERTS_TABLE),
      ingestQueueUrl: urls(INGEST_QUEUE).url,
      ingestDeadLetterUrl: urls(INGEST_QUEUE).deadLetterUrl,
      webhookQueueUrl: urls(WEBHOOK_QUEUE).url,
      webhookDeadLetterUrl: urls(WEBHOOK_QUEUE).deadLetterUrl,
    },
    queues,
  };
}
