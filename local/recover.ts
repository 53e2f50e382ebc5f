// The local SQS server keeps its queues in memory, so a restart would lose messages that were
// received but not yet processed. The messages table is durable: queue those again on start.
// (On AWS, SQS is durable and this is not needed.)

import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SqsIngestQueue } from '../functions/adapters/sqs/ingest-queue.ts';
import { deduplicationId, patientGroupId } from '../functions/use-cases/ingest.ts';
import type { StoredMessage } from '../functions/use-cases/ports.ts';

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
