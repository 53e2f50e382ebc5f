// One webhook attempt: the backoff, Retry-After, and what each answer (or failure) of the receiver
// makes of the attempt; the request signed per Standard Webhooks.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  REFUSED_ADDRESS,
  type UrlGuard,
  type WebhookChannel,
} from '../../../functions/use-cases/ports/index.ts';
import {
  type AttemptResult,
  attemptRecord,
  attemptWebhook,
  backoffMs,
  nextDelayMs,
  retryAfterMs,
  type WebhookCaller,
} from '../../../functions/use-cases/webhook-attempt.ts';
import { WEBHOOK_SECRET } from '../../helpers/builders.ts';
import { TestClock } from '../../helpers/clock.ts';
import { networkError, type ScriptedAnswer, ScriptedReceiver } from '../../helpers/webhook-receiver.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const TARGET: WebhookChannel = {
  kind: 'webhook',
  url: 'https://gp.example.org/alerts',
  secret: WEBHOOK_SECRET,
};
const PAYLOAD = JSON.stringify({ id: 'alert-1', event: 'admission' });
const allowAll: UrlGuard = { refuse: async () => undefined };

/** A caller whose receiver answers from `script`, each answer taking 120 ms of the clock. */
function caller(script: ScriptedAnswer[] = [], guard: UrlGuard = allowAll, start: Date = NOW) {
  const clock = new TestClock(start);
  const receiver = new ScriptedReceiver(script, () => clock.advance(120));
  const deps: WebhookCaller = { http: receiver, guard, clock };
  return { deps, receiver };
}

describe('backoffMs', () => {
  it.each([
    { attempt: 1, random: 0, delay: 500 },
    { attempt: 1, random: 0.5, delay: 750 },
    { attempt: 1, random: 0.999_999, delay: 1_000 },
    { attempt: 2, random: 0, delay: 1_000 },
    { attempt: 2, random: 1, delay: 2_000 },
    { attempt: 3, random: 1, delay: 4_000 },
    { attempt: 9, random: 1, delay: 256_000 },
    { attempt: 10, random: 1, delay: 300_000 },
    { attempt: 10, random: 0, delay: 150_000 },
    { attempt: 60, random: 1, delay: 300_000 },
    { attempt: 0, random: 1, delay: 1_000 },
  ])('waits $delay ms before attempt $attempt with random $random', ({ attempt, random, delay }) => {
    expect(backoffMs(attempt, () => random)).toBe(delay);
  });

  it('stays between half the ceiling and the ceiling, which doubles up to 5 minutes', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(300_000, 1_000 * 2 ** (attempt - 1));
      for (const random of [0, 0.1, 0.37, 0.5, 0.81, 0.999]) {
        const delay = backoffMs(attempt, () => random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('retryAfterMs', () => {
  it.each([
    { value: '120', ms: 120_000 },
    { value: ' 5 ', ms: 5_000 },
    { value: '0', ms: 0 },
    { value: 'Fri, 20 Nov 2026 12:00:30 GMT', ms: 30_000 },
    { value: 'Fri, 20 Nov 2026 11:59:00 GMT', ms: 0 },
    { value: 'Thu, 01 Jan 1970 00:00:00 GMT', ms: 0 },
    { value: 'soon', ms: undefined },
    { value: '5s', ms: undefined },
    { value: '', ms: undefined },
    { value: undefined, ms: undefined },
  ])('reads $value as $ms ms from now', ({ value, ms }) => {
    expect(retryAfterMs(value, NOW)).toBe(ms);
  });
});

describe('nextDelayMs', () => {
  const failed = (retryAfter?: string): AttemptResult => ({
    result: 'failed',
    retryable: true,
    status: 503,
    retryAfter,
    error: 'HTTP 503',
    latencyMs: 10,
  });

  it.each([
    { case: "the receiver's Retry-After in seconds", retryAfter: '45', delay: 45_000 },
    {
      case: "the receiver's Retry-After as a date",
      retryAfter: 'Fri, 20 Nov 2026 12:01:00 GMT',
      delay: 60_000,
    },
    {
      case: 'no wait at all for a Retry-After in the past',
      retryAfter: 'Fri, 20 Nov 2026 11:00:00 GMT',
      delay: 0,
    },
    { case: 'the backoff without a Retry-After', retryAfter: undefined, delay: 4_000 },
    { case: 'the backoff for a Retry-After it cannot read', retryAfter: 'later', delay: 4_000 },
  ])('takes $case', ({ retryAfter, delay }) => {
    expect(nextDelayMs(failed(retryAfter), 3, NOW, () => 1)).toBe(delay);
  });
});

describe('attemptWebhook', () => {
  it('POSTs the payload signed per Standard Webhooks, with the alert id as webhook-id', async () => {
    // Verification checks the timestamp against the real clock: the attempt starts now.
    const started = new Date();
    const { deps, receiver } = caller([], allowAll, started);

    await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    const [post] = receiver.posts;
    expect(post).toMatchObject({ url: TARGET.url, body: PAYLOAD, timeoutMs: 3_000 });
    expect(post?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'alert-1',
      'webhook-timestamp': String(Math.floor(started.getTime() / 1000)),
    });
    expect(new Webhook(WEBHOOK_SECRET).verify(PAYLOAD, post?.headers ?? {})).toEqual(JSON.parse(PAYLOAD));
    const otherSecret = `whsec_${Buffer.from('another secret of 32 bytes, fake').toString('base64')}`;
    expect(() => new Webhook(otherSecret).verify(PAYLOAD, post?.headers ?? {})).toThrow();
  });

  it('signs each attempt afresh, with its own timestamp', async () => {
    const { deps, receiver } = caller([{ status: 503 }, { status: 200 }]);

    await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);
    (deps.clock as TestClock).advance(60_000);
    await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    const [first, second] = receiver.posts.map((post) => post.headers);
    expect(Number(second?.['webhook-timestamp']) - Number(first?.['webhook-timestamp'])).toBe(60);
    expect(second?.['webhook-signature']).not.toBe(first?.['webhook-signature']);
  });

  it.each([200, 201, 202, 204, 299])('delivers on HTTP %i, timing the POST', async (status) => {
    const { deps } = caller([{ status }]);

    const outcome = await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    expect(outcome).toEqual({ result: 'delivered', status, latencyMs: 120 });
  });

  it.each([
    { status: 408, retryable: true },
    { status: 429, retryable: true },
    { status: 500, retryable: true },
    { status: 502, retryable: true },
    { status: 503, retryable: true },
    { status: 504, retryable: true },
    { status: 302, retryable: false },
    { status: 400, retryable: false },
    { status: 401, retryable: false },
    { status: 403, retryable: false },
    { status: 404, retryable: false },
    { status: 410, retryable: false },
    { status: 422, retryable: false },
  ])('fails on HTTP $status, retryable: $retryable', async ({ status, retryable }) => {
    const { deps } = caller([{ status, retryAfter: '30' }]);

    const outcome = await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    expect(outcome).toEqual({
      result: 'failed',
      retryable,
      status,
      retryAfter: '30',
      error: `HTTP ${status}`,
      latencyMs: 120,
    });
  });

  it.each([
    {
      case: 'a timeout',
      thrown: networkError('The operation was aborted due to timeout', { name: 'TimeoutError' }),
      retryable: true,
      error: 'timed out',
    },
    {
      case: 'a connection refused',
      thrown: networkError('connect ECONNREFUSED 203.0.113.9:443', { code: 'ECONNREFUSED' }),
      retryable: true,
      error: 'connection failed: connect ECONNREFUSED 203.0.113.9:443',
    },
    {
      case: 'an address the poster refused as it connected',
      thrown: networkError('gp.example.org resolved to 10.0.0.7, a private address', {
        code: REFUSED_ADDRESS,
      }),
      retryable: false,
      error: 'gp.example.org resolved to 10.0.0.7, a private address',
    },
  ])('fails on $case, retryable: $retryable', async ({ thrown, retryable, error }) => {
    const { deps } = caller([{ throws: thrown }]);

    const outcome = await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    expect(outcome).toEqual({ result: 'failed', retryable, error, latencyMs: 120 });
  });

  it('fails without a POST, not to be retried, when the guard refuses the URL', async () => {
    const guard: UrlGuard = { refuse: async (url) => (url === TARGET.url ? 'private address' : undefined) };
    const { deps, receiver } = caller([], guard);

    const outcome = await attemptWebhook('alert-1', PAYLOAD, TARGET, deps, 3_000);

    expect(outcome).toEqual({ result: 'failed', retryable: false, error: 'private address', latencyMs: 0 });
    expect(receiver.posts).toEqual([]);
  });
});

describe('attemptRecord', () => {
  it.each([
    {
      outcome: { result: 'delivered', status: 204, latencyMs: 80 } as const,
      result: 'delivered' as const,
      record: { at: NOW.toISOString(), result: 'delivered', status: 204, error: undefined, latencyMs: 80 },
    },
    {
      outcome: { result: 'failed', retryable: true, error: 'timed out', latencyMs: 3_000 } as const,
      result: 'retry' as const,
      record: {
        at: NOW.toISOString(),
        result: 'retry',
        status: undefined,
        error: 'timed out',
        latencyMs: 3_000,
      },
    },
  ])('keeps an attempt that ended $result', ({ outcome, result, record }) => {
    expect(attemptRecord(NOW, outcome, result)).toEqual(record);
  });
});
