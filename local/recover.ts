// The local SQS server keeps its queues in memory, so a restart would lose messages received but
// not yet processed, and alerts not yet delivered. The tables are durable: queue those again on
// start. (On AWS, SQS is durable and this is not needed.) Known limit: alerts already on an SQS
// subscriber's local queue but not yet read by it are gone after a restart.

import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/person-store.ts';
import { SqsAlertDispatcher } from '../functions/adapters/sqs/alert-dispatcher.ts';
import { SqsIngestQueue } from '../functions/adapters/sqs/ingest-queue.ts';
import { deduplicationId, patientGroupId } from '../functions/use-cases/ingest.ts';
import type { StoredAlert, StoredMessage } from '../functions/use-cases/ports.ts';

export async function requeueUnprocessedMessages(
  clients: { dynamodb: DynamoDBDocumentClient; sqs: SQSClient },
  messagesTable: string,
  ingestQueueUrl: string,
): Promise<number> {
  const queue = new SqsIngestQueue(clients.sqs, ingestQueueUrl);
  const messages: StoredMessage[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({
        TableName: messagesTable,
        FilterExpression: '#status = :received',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':received': 'received' },
        ExclusiveStartKey: startKey,
      }),
    );
    messages.push(...((page.Items ?? []) as StoredMessage[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  // Oldest first, so each patient's messages keep their order.
  messages.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  for (const message of messages) {
    const { messageKey, receivedAt, senderId, event } = message;
    await queue.enqueue(
      { messageKey, receivedAt, senderId, event },
      patientGroupId(event),
      deduplicationId(messageKey),
    );
  }
  return messages.length;
}

/**
 * The SQS server forgets its queues too: create each SQS subscriber's queue again, and hand every
 * alert still pending (a webhook not yet delivered) to delivery again, with its id.
 */
export async function redispatchPendingAlerts(
  clients: { dynamodb: DynamoDBDocumentClient; sqs: SQSClient },
  tables: { registry: string; alerts: string },
  webhookQueueUrl: string,
): Promise<number> {
  const subscribers = await new DynamoDbSubscriberDirectory(clients.dynamodb, tables.registry).list();
  for (const subscriber of subscribers) {
    if (subscriber.delivery?.kind !== 'sqs') continue;
    const name = subscriber.delivery.queueUrl.split('/').at(-1) as string;
    await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' },
      }),
    );
  }
  const byId = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber]));
  const dispatcher = new SqsAlertDispatcher(clients.sqs, webhookQueueUrl);
  const pending: StoredAlert[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({
        TableName: tables.alerts,
        FilterExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
        ExclusiveStartKey: startKey,
      }),
    );
    pending.push(...((page.Items ?? []) as StoredAlert[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.sequence - b.sequence);
  let count = 0;
  for (const alert of pending) {
    const subscriber = byId.get(alert.subscriberId);
    if (subscriber?.delivery?.kind !== 'webhook') continue;
    await dispatcher.dispatch(alert, subscriber);
    count++;
  }
  return count;
}
