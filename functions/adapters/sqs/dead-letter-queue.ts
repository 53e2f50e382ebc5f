// DeadLetterQueue on the webhook queue's SQS dead-letter queue: after a redrive, the redriven
// alerts' messages are taken off it, so its alarm clears; the others stay.
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue, WebhookJob } from '../../use-cases/ports/index.ts';

/** Receives at most this many times looking for the alerts: a queue of thousands is left to expire. */
const MAX_ROUNDS = 100;

export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async discard(alertIds: ReadonlySet<string>): Promise<void> {
    const left = new Set(alertIds);
    for (let round = 0; round < MAX_ROUNDS && left.size > 0; round++) {
      const { Messages } = await this.client.send(
        new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }),
      );
      if (Messages === undefined || Messages.length === 0) return;
      for (const message of Messages) {
        const job = JSON.parse(message.Body ?? '{}') as Partial<WebhookJob>;
        if (job.alertId !== undefined && left.delete(job.alertId)) {
          await this.client.send(
            new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
    }
  }
}
