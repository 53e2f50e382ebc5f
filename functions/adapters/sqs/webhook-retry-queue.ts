// WebhookRetryQueue on SQS: a job to try later is hidden for its delay (its visibility timeout),
// so the queue hands it over again then, and its FIFO group waits behind it.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedWebhookJob, WebhookRetryQueue } from '../../use-cases/ports/index.ts';
import { hideFor } from './visibility.ts';

export class SqsWebhookRetryQueue implements WebhookRetryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async postpone(job: QueuedWebhookJob, delayMs: number): Promise<void> {
    await hideFor(this.client, this.queueUrl, job.receipt, delayMs);
  }
}
