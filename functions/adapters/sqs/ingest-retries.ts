// The ingest queue's retries and dead letters on SQS. A failed message is hidden for its backoff
// (ChangeMessageVisibility): SQS FIFO hands out nothing later of its group meanwhile, so a
// patient's messages keep their order while DynamoDB or a dependency is down. What the process step
// gives up on after days, and its patient's later messages, are parked in the dead-letter queue in
// order; an operator moves them back (`adt-hub dlq redrive --ingest`), marked as redriven.
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { INGEST_REDRIVEN_ATTRIBUTE } from '../../platform/resources.ts';
import type { IngestDeadLetters, IngestQueueMessage, IngestRetries } from '../../use-cases/ports/index.ts';
import { queueCounts } from './queue-monitor.ts';
import { hideFor } from './visibility.ts';

export class SqsIngestRetries implements IngestRetries {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async later(receipt: string, delayMs: number): Promise<void> {
    await hideFor(this.client, this.queueUrl, receipt, delayMs, 1);
  }
}

export class SqsIngestDeadLetters implements IngestDeadLetters {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async count(): Promise<number> {
    const { waiting, inFlight } = await queueCounts(this.client, this.deadLetterUrl);
    return waiting + inFlight;
  }

  async park(message: IngestQueueMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.deadLetterUrl,
        MessageBody: message.body,
        MessageGroupId: message.groupId,
        // A park repeated after a crash is dropped by SQS (within five minutes).
        MessageDeduplicationId: message.deduplicationId,
      }),
    );
  }

  async redrive(): Promise<number> {
    let moved = 0;
    const stamp = this.now();
    for (;;) {
      // FIFO: a group's next message comes only once the one before is deleted, so each group
      // goes back in its order.
      const { Messages } = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.deadLetterUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages === undefined || Messages.length === 0) return moved;
      for (const message of Messages) {
        const group = message.Attributes?.MessageGroupId ?? 'redriven';
        await this.client.send(
          new SendMessageCommand({
            QueueUrl: this.queueUrl,
            MessageBody: message.Body ?? '',
            MessageGroupId: group,
            MessageDeduplicationId:
              `${message.Attributes?.MessageDeduplicationId ?? message.MessageId}-r${stamp}`.slice(0, 128),
            MessageAttributes: {
              ...message.MessageAttributes,
              [INGEST_REDRIVEN_ATTRIBUTE]: { DataType: 'String', StringValue: String(stamp) },
            },
          }),
        );
        await this.client.send(
          new DeleteMessageCommand({ QueueUrl: this.deadLetterUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        moved++;
      }
    }
  }
}
