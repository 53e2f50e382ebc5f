// WebhookRetryQueue on SQS: a job to try later is hidden for its delay (its visibility timeout),
// so the queue hands it over again then, and its FIFO group waits behind it.
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedWebhookJob, WebhookRetryQueue } from '../../use-cases/ports/index.ts';

/** SQS allows a visibility timeout of at most 12 hours. */
const MAX_VISIBILITY_S = 12 * 60 * 60;

export class SqsWebhookRetryQueue implements WebhookRetryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async postpone(job: QueuedWebhookJob, delayMs: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: job.receipt,
        VisibilityTimeout: Math.min(MAX_VISIBILITY_S, Math.ceil(delayMs / 1000)),
      }),
    );
  }
}
