// Webhook retries (ARCHITECTURE §4.5): the webhook queue's jobs are the alerts whose first attempt
// (by the process step) failed, and the alerts queued behind them. Jobs of one group (one
// subscriber and person) come in order: a job to retry waits out its backoff on the queue (the
// queue's visibility timeout) and the later jobs of its group wait behind it, so they keep their
// order. Retried for up to 24 hours; then, or at once for a failure not worth retrying, the alert
// goes to the dead-letter queue, where an operator can redrive it.
import type {
  AlertDispatcher,
  AlertStore,
  DeliveryAttempt,
  QueuedWebhookJob,
  SubscriberDirectory,
  WebhookJob,
  WebhookRetryQueue,
} from './ports/index.ts';
import {
  type AttemptResult,
  attemptRecord,
  attemptWebhook,
  nextDelayMs,
  type WebhookCaller,
} from './webhook-attempt.ts';

export interface WebhookRetryDependencies extends WebhookCaller {
  subscribers: SubscriberDirectory;
  alerts: AlertStore;
  queue: WebhookRetryQueue;
  /** Retries to an SQS subscriber go to its queue again; what is given up on, to the dead-letter queue. */
  dispatcher: Pick<AlertDispatcher, 'dispatch' | 'deadLetter'>;
  random(): number;
  /** How long an alert is retried, from its first attempt (24 hours). */
  maxAgeMs: number;
  timeoutMs: number;
}

export type WebhookOutcome =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; delayMs: number; error: string }
  | { outcome: 'dead-letter'; error: string }
  /** Delivered or dead-lettered already: a repeat of a job (a crashed process step queued it twice). */
  | { outcome: 'settled' };

/** What came of one job: an attempt, or waiting (its backoff, or an earlier job of its group). */
export type JobResult = { job: WebhookJob } & (WebhookOutcome | { outcome: 'waiting' });

/** One attempt at one job, recorded on the alert: delivered, retry in so long, or dead-letter. */
export async function deliverWebhook(
  job: WebhookJob,
  context: { attempt: number; firstQueuedAt: Date },
  deps: Omit<WebhookRetryDependencies, 'queue'>,
): Promise<WebhookOutcome> {
  const started = deps.clock.now();
  const stored = await deps.alerts.get(job.alertId);
  if (stored !== undefined && stored.status !== 'pending') return { outcome: 'settled' };
  const subscriber = (await deps.subscribers.list()).find((s) => s.id === job.subscriberId);
  const delivery = subscriber?.delivery;
  let outcome: AttemptResult;
  if (delivery?.kind === 'webhook') {
    outcome = await attemptWebhook(job.alertId, job.payloadJson, delivery, deps, deps.timeoutMs);
  } else if (delivery?.kind === 'sqs' && subscriber !== undefined) {
    // A retry for an SQS subscriber whose queue refused the alert: onto its queue again.
    const alert = stored;
    try {
      if (alert === undefined) throw new Error('the alert is no longer kept');
      await deps.dispatcher.dispatch(alert, subscriber);
      outcome = {
        result: 'delivered',
        status: 200,
        latencyMs: deps.clock.now().getTime() - started.getTime(),
      };
    } catch (error) {
      outcome = {
        result: 'failed',
        retryable: alert !== undefined,
        error: `the subscriber's queue refused it: ${(error as Error).name}`,
        latencyMs: deps.clock.now().getTime() - started.getTime(),
      };
    }
  } else {
    outcome = { result: 'failed', retryable: false, error: 'The subscriber has no channel', latencyMs: 0 };
  }
  const record = (result: DeliveryAttempt['result'], error?: string) => {
    const state =
      result === 'delivered' ? 'delivered' : result === 'dead-letter' ? 'dead-lettered' : 'pending';
    return deps.alerts.recordAttempt(job.alertId, attemptRecord(started, outcome, result), state, error);
  };

  if (outcome.result === 'delivered') {
    await record('delivered');
    return { outcome: 'delivered', status: outcome.status };
  }
  if (!outcome.retryable) {
    await record('dead-letter', outcome.error);
    return { outcome: 'dead-letter', error: outcome.error };
  }
  const now = deps.clock.now();
  const age = now.getTime() - context.firstQueuedAt.getTime();
  const delayMs = nextDelayMs(outcome, context.attempt, now, deps.random);
  if (age + delayMs > deps.maxAgeMs) {
    const error = `gave up after ${Math.round(age / 60_000)} minutes: ${outcome.error}`;
    await record('dead-letter', error);
    return { outcome: 'dead-letter', error };
  }
  await record('retry', outcome.error);
  return { outcome: 'retry', delayMs, error: outcome.error };
}

/**
 * A batch of jobs from the webhook queue, in order. Returns each job's result and the ids of the
 * jobs to leave on the queue (to retry, or waiting): the rest are done.
 */
export async function deliverWebhookJobs(
  jobs: readonly QueuedWebhookJob[],
  deps: WebhookRetryDependencies,
): Promise<{ results: JobResult[]; keep: string[] }> {
  const results: JobResult[] = [];
  const keep: string[] = [];
  // Groups with a job waiting: how long, so that the later jobs of the group wait a little longer.
  const waitingGroups = new Map<string, number>();
  const wait = async (queued: QueuedWebhookJob, delayMs: number) => {
    await deps.queue.postpone(queued, delayMs);
    keep.push(queued.id);
  };
  for (const queued of jobs) {
    const { job } = queued;
    const groupWait = waitingGroups.get(queued.group);
    if (groupWait !== undefined) {
      await wait(queued, groupWait + 1_000);
      results.push({ job, outcome: 'waiting' });
      continue;
    }
    const notBeforeMs =
      job.notBefore === undefined ? 0 : Date.parse(job.notBefore) - deps.clock.now().getTime();
    if (notBeforeMs > 0) {
      // Queued by the process step after its attempt failed: the backoff comes first.
      await wait(queued, notBeforeMs);
      waitingGroups.set(queued.group, notBeforeMs);
      results.push({ job, outcome: 'waiting' });
      continue;
    }
    const result = await deliverWebhook(
      job,
      {
        // Attempts already made: the process step's, and receives spent waiting out notBefore.
        attempt: queued.receiveCount + (job.attemptsBefore ?? 0) - (job.notBefore === undefined ? 0 : 1),
        firstQueuedAt: job.firstAttemptAt === undefined ? queued.queuedAt : new Date(job.firstAttemptAt),
      },
      deps,
    );
    results.push({ job, ...result });
    if (result.outcome === 'retry') {
      await wait(queued, result.delayMs);
      waitingGroups.set(queued.group, result.delayMs);
    } else if (result.outcome === 'dead-letter') {
      await deps.dispatcher.deadLetter(job, result.error);
    }
  }
  return { results, keep };
}
