// The webhook queue's consumer on in-memory fakes: what it does with each job of a batch — deliver,
// postpone (its own backoff, or behind an earlier job of its group), or dead-letter — and what it
// records on the alert.
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryAlertDispatcher, InMemoryAlertStore } from '../../../functions/adapters/memory/alerts.ts';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import { InMemoryWebhookRetryQueue } from '../../../functions/adapters/memory/webhooks.ts';
import {
  deliverWebhookJobs,
  type WebhookRetryDependencies,
} from '../../../functions/use-cases/deliver-webhook.ts';
import type { QueuedWebhookJob, SubscriberRecord } from '../../../functions/use-cases/ports/index.ts';
import { queuedWebhookJob, sqsSubscriber, storedAlert, webhookSubscriber } from '../../helpers/builders.ts';
import { TestClock } from '../../helpers/clock.ts';
import { type ScriptedAnswer, ScriptedReceiver } from '../../helpers/webhook-receiver.ts';

const NOW = '2026-11-20T12:10:00.000Z';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SUBSCRIBER = 'GP-N81001';

let alerts: InMemoryAlertStore;
let dispatcher: InMemoryAlertDispatcher;
let queue: InMemoryWebhookRetryQueue;
let clock: TestClock;

beforeEach(() => {
  alerts = new InMemoryAlertStore();
  dispatcher = new InMemoryAlertDispatcher();
  queue = new InMemoryWebhookRetryQueue();
  clock = new TestClock(NOW);
});

/** The consumer's dependencies, its receiver answering from `script`; random 1: the full backoff. */
function dependencies(
  script: ScriptedAnswer[] = [],
  subscribers: SubscriberRecord[] = [webhookSubscriber({ id: SUBSCRIBER })],
): { deps: WebhookRetryDependencies; receiver: ScriptedReceiver } {
  const receiver = new ScriptedReceiver(script);
  return {
    receiver,
    deps: {
      http: receiver,
      guard: { refuse: async () => undefined },
      clock,
      subscribers: new InMemorySubscriberDirectory(subscribers),
      alerts,
      queue,
      dispatcher,
      random: () => 1,
      maxAgeMs: DAY,
      timeoutMs: 3_000,
    },
  };
}

/** A queued job whose alert the alerts table holds, as the process step left it. */
async function queued(
  job: Parameters<typeof queuedWebhookJob>[0] = {},
  overrides: Parameters<typeof queuedWebhookJob>[1] = {},
): Promise<QueuedWebhookJob> {
  const made = queuedWebhookJob(
    { subscriberId: SUBSCRIBER, ...job },
    { queuedAt: new Date(NOW), ...overrides },
  );
  await alerts.save(storedAlert({ id: made.job.alertId, subscriberId: SUBSCRIBER }));
  return made;
}

describe('deliverWebhookJobs', () => {
  it('is done with a delivered job, and records the delivery', async () => {
    const job = await queued();
    const { deps, receiver } = dependencies([{ status: 204 }]);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([{ job: job.job, outcome: 'delivered', status: 204 }]);
    expect(keep).toEqual([]);
    expect(queue.postponed).toEqual([]);
    expect(receiver.ids).toEqual([job.job.alertId]);
    expect(await alerts.get(job.job.alertId)).toMatchObject({
      status: 'delivered',
      attempts: [{ at: NOW, result: 'delivered', status: 204 }],
    });
  });

  it('does not post again a job whose alert is already delivered or dead-lettered (a repeat)', async () => {
    const delivered = await queued();
    await alerts.recordAttempt(
      delivered.job.alertId,
      { at: NOW, result: 'delivered', status: 200, latencyMs: 5 },
      'delivered',
    );
    const dead = await queued();
    await alerts.recordAttempt(
      dead.job.alertId,
      { at: NOW, result: 'dead-letter', error: 'HTTP 410', latencyMs: 5 },
      'dead-lettered',
      'HTTP 410',
    );
    const pending = await queued();
    const { deps, receiver } = dependencies([{ status: 204 }]);

    const { results, keep } = await deliverWebhookJobs([delivered, dead, pending], deps);

    expect(results.map((result) => result.outcome)).toEqual(['settled', 'settled', 'delivered']);
    expect(receiver.ids).toEqual([pending.job.alertId]);
    expect(keep).toEqual([]);
    expect(dispatcher.deadLettered).toEqual([]);
  });

  it.each([
    { case: 'by its backoff', answer: { status: 503 }, delayMs: 1_000, error: 'HTTP 503' },
    {
      case: "by the receiver's Retry-After",
      answer: { status: 429, retryAfter: '30' },
      delayMs: 30_000,
      error: 'HTTP 429',
    },
    {
      case: 'by its backoff after a timeout',
      answer: { throws: Object.assign(new Error('aborted'), { name: 'TimeoutError' }) },
      delayMs: 1_000,
      error: 'timed out',
    },
  ])('postpones a job that failed, retryably, $case, and keeps it', async ({ answer, delayMs, error }) => {
    const job = await queued();
    const { deps } = dependencies([answer]);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([{ job: job.job, outcome: 'retry', delayMs, error }]);
    expect(queue.postponed).toEqual([{ id: job.id, delayMs }]);
    expect(keep).toEqual([job.id]);
    expect(dispatcher.deadLettered).toEqual([]);
    expect(await alerts.get(job.job.alertId)).toMatchObject({
      status: 'pending',
      lastError: error,
      attempts: [{ result: 'retry', error }],
    });
  });

  it.each([
    { attemptsBefore: undefined, receiveCount: 1, notBefore: false, attempt: 1, delayMs: 1_000 },
    { attemptsBefore: undefined, receiveCount: 3, notBefore: false, attempt: 3, delayMs: 4_000 },
    { attemptsBefore: 1, receiveCount: 1, notBefore: false, attempt: 2, delayMs: 2_000 },
    // A receive spent waiting out notBefore is not an attempt.
    { attemptsBefore: 1, receiveCount: 2, notBefore: true, attempt: 2, delayMs: 2_000 },
    { attemptsBefore: 2, receiveCount: 4, notBefore: true, attempt: 5, delayMs: 16_000 },
    { attemptsBefore: 1, receiveCount: 12, notBefore: true, attempt: 12, delayMs: 300_000 },
  ])(
    'counts attempt $attempt from $attemptsBefore attempts before and $receiveCount receives (notBefore: $notBefore)',
    async ({ attemptsBefore, receiveCount, notBefore, delayMs }) => {
      const job = await queued(
        {
          attemptsBefore,
          firstAttemptAt: attemptsBefore === undefined ? undefined : '2026-11-20T12:00:00.000Z',
          notBefore: notBefore ? '2026-11-20T12:00:01.000Z' : undefined,
        },
        { receiveCount },
      );
      const { deps } = dependencies([{ status: 500 }]);

      await deliverWebhookJobs([job], deps);

      expect(queue.postponed).toEqual([{ id: job.id, delayMs }]);
    },
  );

  it('makes the later jobs of a group wait behind a job waiting out its backoff, not other groups', async () => {
    const failing = await queued({}, { group: 'gp-mary' });
    const behind = await queued({}, { group: 'gp-mary' });
    const other = await queued({}, { group: 'gp-john' });
    const { deps, receiver } = dependencies([{ status: 503 }, { status: 200 }]);

    const { results, keep } = await deliverWebhookJobs([failing, behind, other], deps);

    expect(results.map((result) => result.outcome)).toEqual(['retry', 'waiting', 'delivered']);
    expect(receiver.ids).toEqual([failing.job.alertId, other.job.alertId]);
    expect(queue.postponed).toEqual([
      { id: failing.id, delayMs: 1_000 },
      { id: behind.id, delayMs: 2_000 },
    ]);
    expect(keep).toEqual([failing.id, behind.id]);
    expect((await alerts.get(behind.job.alertId))?.attempts).toBeUndefined();
  });

  it('postpones a job until its notBefore without an attempt, and its group behind it', async () => {
    const early = await queued({
      attemptsBefore: 1,
      firstAttemptAt: NOW,
      notBefore: '2026-11-20T12:10:07.000Z',
    });
    const behind = await queued();
    const { deps, receiver } = dependencies();

    const { results, keep } = await deliverWebhookJobs([early, behind], deps);

    expect(results.map((result) => result.outcome)).toEqual(['waiting', 'waiting']);
    expect(queue.postponed).toEqual([
      { id: early.id, delayMs: 7_000 },
      { id: behind.id, delayMs: 8_000 },
    ]);
    expect(keep).toEqual([early.id, behind.id]);
    expect(receiver.posts).toEqual([]);
    expect((await alerts.get(early.job.alertId))?.attempts).toBeUndefined();
  });

  it('attempts a job whose notBefore has passed', async () => {
    const job = await queued({
      attemptsBefore: 1,
      firstAttemptAt: NOW,
      notBefore: '2026-11-20T12:09:59.000Z',
    });
    const { deps } = dependencies([{ status: 200 }]);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([{ job: job.job, outcome: 'delivered', status: 200 }]);
    expect(keep).toEqual([]);
  });

  it.each([
    { case: 'its first attempt', first: { firstAttemptAt: '2026-11-19T12:11:00.000Z' }, queuedAt: NOW },
    { case: 'when it was first queued', first: {}, queuedAt: '2026-11-19T12:11:00.000Z' },
  ])(
    'gives up, dead-lettering, once the next try would come over 24 hours after $case',
    async ({ first, queuedAt }) => {
      // 1439 minutes old; the receiver asks for 2 more.
      const job = await queued(
        { attemptsBefore: 1, ...first },
        { queuedAt: new Date(queuedAt), receiveCount: 5 },
      );
      const { deps } = dependencies([{ status: 503, retryAfter: '120' }]);

      const { results, keep } = await deliverWebhookJobs([job], deps);

      const error = 'gave up after 1439 minutes: HTTP 503';
      expect(results).toEqual([{ job: job.job, outcome: 'dead-letter', error }]);
      expect(dispatcher.deadLettered).toEqual([{ job: job.job, error }]);
      expect(keep).toEqual([]);
      expect(queue.postponed).toEqual([]);
      expect(await alerts.get(job.job.alertId)).toMatchObject({
        status: 'dead-lettered',
        lastError: error,
        attempts: [{ result: 'dead-letter', status: 503, error: 'HTTP 503' }],
      });
    },
  );

  it('retries still when the next try comes within 24 hours', async () => {
    const job = await queued({ attemptsBefore: 1, firstAttemptAt: '2026-11-19T12:11:00.000Z' });
    const { deps } = dependencies([{ status: 503, retryAfter: '59' }]);

    const { results } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([{ job: job.job, outcome: 'retry', delayMs: 59_000, error: 'HTTP 503' }]);
  });

  it('dead-letters a failure not worth retrying at once, and lets its group go on', async () => {
    const refused = await queued({}, { group: 'gp-mary' });
    const next = await queued({}, { group: 'gp-mary' });
    const { deps, receiver } = dependencies([{ status: 410 }, { status: 200 }]);

    const { results, keep } = await deliverWebhookJobs([refused, next], deps);

    expect(results).toEqual([
      { job: refused.job, outcome: 'dead-letter', error: 'HTTP 410' },
      { job: next.job, outcome: 'delivered', status: 200 },
    ]);
    expect(dispatcher.deadLettered).toEqual([{ job: refused.job, error: 'HTTP 410' }]);
    expect(receiver.ids).toEqual([refused.job.alertId, next.job.alertId]);
    expect(keep).toEqual([]);
    expect(queue.postponed).toEqual([]);
    expect(await alerts.get(refused.job.alertId)).toMatchObject({
      status: 'dead-lettered',
      lastError: 'HTTP 410',
    });
  });

  it('sends a retried job of an SQS subscriber to its own queue again, and records the delivery', async () => {
    const job = await queued();
    const { deps, receiver } = dependencies([], [sqsSubscriber({ id: SUBSCRIBER })]);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([{ job: job.job, outcome: 'delivered', status: 200 }]);
    expect(dispatcher.dispatched.map((d) => [d.alert.id, d.subscriberId, d.retry])).toEqual([
      [job.job.alertId, SUBSCRIBER, undefined],
    ]);
    expect(receiver.posts).toEqual([]);
    expect(keep).toEqual([]);
    expect((await alerts.get(job.job.alertId))?.status).toBe('delivered');
  });

  it('retries an SQS subscriber’s job while its queue still refuses it', async () => {
    const job = await queued();
    dispatcher.failingQueues.add(SUBSCRIBER);
    const { deps } = dependencies([], [sqsSubscriber({ id: SUBSCRIBER })]);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    expect(results).toEqual([
      expect.objectContaining({
        outcome: 'retry',
        error: "the subscriber's queue refused it: QueueDoesNotExist",
      }),
    ]);
    expect(keep).toEqual([job.id]);
  });

  it.each([
    ['a subscriber without a channel', [webhookSubscriber({ id: SUBSCRIBER, delivery: undefined })]],
    ['a subscriber no longer there', [webhookSubscriber()]],
  ])('dead-letters, without a POST, a job for %s', async (_, subscribers) => {
    const job = await queued();
    const { deps, receiver } = dependencies([], subscribers);

    const { results, keep } = await deliverWebhookJobs([job], deps);

    const error = 'The subscriber has no channel';
    expect(results).toEqual([{ job: job.job, outcome: 'dead-letter', error }]);
    expect(dispatcher.deadLettered).toEqual([{ job: job.job, error }]);
    expect(receiver.posts).toEqual([]);
    expect(keep).toEqual([]);
  });
});
