// In-memory WebhookRetryQueue, for tests: what was postponed, and for how long.
import type { QueuedWebhookJob, WebhookRetryQueue } from '../../use-cases/ports/index.ts';

export class InMemoryWebhookRetryQueue implements WebhookRetryQueue {
  readonly postponed: { id: string; delayMs: number }[] = [];

  async postpone(job: QueuedWebhookJob, delayMs: number): Promise<void> {
    this.postponed.push({ id: job.id, delayMs });
  }
}
