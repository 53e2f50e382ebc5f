// IngestQueue on the FIFO ingest queue (platform/resources.ts INGEST_QUEUE).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IngestQueue, QueuedMessage } from '../../use-cases/ports/index.ts';

export class SqsIngestQueue implements IngestQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: QueuedMessage, groupId: string, deduplicationId: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageGroupId: groupId,
        MessageDeduplicationId: deduplicationId,
        MessageAttributes: {
          event: { DataType: 'String', StringValue: message.event.event },
        },
      }),
    );
  }
}
