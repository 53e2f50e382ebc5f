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
import {
  QUEUES,
  type QueueDefinition,
  queueName,
  TABLES,
  type TableDefinition,
  tableName,
} from '../functions/platform/resources.ts';

export interface QueueUrls {
  url: string;
  arn: string;
  deadLetterUrl: string;
}

async function createTable(client: DynamoDBClient, name: string, table: TableDefinition): Promise<void> {
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
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
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

/**
 * Creates every table and queue for `deployment` and returns the environment a handler needs to
 * find them (each definition's envVar).
 */
export async function bootstrap(
  deployment: string,
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient },
): Promise<{ env: Record<string, string>; queues: Map<QueueDefinition, QueueUrls> }> {
  const env: Record<string, string> = {};
  await Promise.all(
    TABLES.map(async (table) => {
      const name = tableName(deployment, table);
      await createTable(clients.dynamodb, name, table);
      env[table.envVar] = name;
    }),
  );
  const queues = new Map<QueueDefinition, QueueUrls>();
  for (const queue of QUEUES) {
    const urls = await createQueue(clients.sqs, deployment, queue);
    queues.set(queue, urls);
    env[queue.envVar] = urls.url;
  }
  return { env, queues };
}
