// Webhook delivery (ARCHITECTURE §4.5): each alert POSTed to its subscriber, signed per Standard
// Webhooks. 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried with
// exponential backoff and jitter (from about 1 s, doubling, capped at 5 minutes, honouring
// Retry-After) for up to 24 hours; anything else goes to the dead-letter queue at once. Every
// attempt carries the same alert id and a fresh signature and timestamp.
import { Webhook } from 'standardwebhooks';
import type { WebhookJob } from '../adapters/sqs/alert-dispatcher.ts';
import type { AlertStore, Clock, Delivery, DeliveryAttempt, SubscriberDirectory } from './ports.ts';

export interface HttpResponse {
  status: number;
  retryAfter?: string;
}

/** The error code of a poster that refused to connect to the address a host resolved to. */
export const REFUSED_ADDRESS = 'EADDRNOTALLOWED';

export interface HttpPoster {
  /** Throws on a network error or a timeout (`TimeoutError`), or REFUSED_ADDRESS. */
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse>;
}

export interface UrlGuard {
  /** Why the hub must not call this URL (SSRF), or undefined when it may. */
  refuse(url: string): Promise<string | undefined>;
}

export interface WebhookDependencies {
  subscribers: SubscriberDirectory;
  alerts: AlertStore;
  http: HttpPoster;
  guard: UrlGuard;
  clock: Clock;
  random(): number;
  /** Default 24 hours. */
  maxAgeMs: number;
  timeoutMs: number;
}

export type WebhookOutcome =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; delayMs: number; error: string }
  | { outcome: 'dead-letter'; error: string };

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Exponential backoff with jitter: attempt 1 waits about 1 s, then 2, 4, … up to 5 minutes. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** One POST of an alert: what came of it, not yet what to do about it. */
export type AttemptResult =
  | { result: 'delivered'; status: number; latencyMs: number }
  | {
      result: 'failed';
      /** 408, 429, 5xx, timeouts and connection errors: worth trying again. */
      retryable: boolean;
      status?: number;
      retryAfter?: string;
      error: string;
      latencyMs: number;
    };

export type WebhookTarget = Extract<Delivery, { kind: 'webhook' }>;

/**
 * Signs and POSTs one alert (Standard Webhooks: `webhook-id` = the alert id, a fresh timestamp
 * and signature each time). Used for the first attempt by the process step, and for retries by
 * the webhook queue's consumer.
 */
export async function attemptWebhook(
  alertId: string,
  payloadJson: string,
  target: WebhookTarget,
  deps: Pick<WebhookDependencies, 'http' | 'guard' | 'clock'>,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = deps.clock.now();
  const latencyMs = () => deps.clock.now().getTime() - started.getTime();
  const refused = await deps.guard.refuse(target.url);
  if (refused !== undefined) return { result: 'failed', retryable: false, error: refused, latencyMs: 0 };

  const signature = new Webhook(target.secret).sign(alertId, started, payloadJson);
  const headers = {
    'content-type': 'application/json',
    'webhook-id': alertId,
    'webhook-timestamp': String(Math.floor(started.getTime() / 1000)),
    'webhook-signature': signature,
  };
  try {
    const response = await deps.http.post(target.url, payloadJson, headers, timeoutMs);
    if (response.status >= 200 && response.status < 300)
      return { result: 'delivered', status: response.status, latencyMs: latencyMs() };
    return {
      result: 'failed',
      retryable: isRetryable(response.status),
      status: response.status,
      retryAfter: response.retryAfter,
      error: `HTTP ${response.status}`,
      latencyMs: latencyMs(),
    };
  } catch (failure) {
    const { name, message, code } = failure as NodeJS.ErrnoException;
    // The poster refused the address it resolved at connect time (DNS rebinding): never retried.
    if (code === REFUSED_ADDRESS)
      return { result: 'failed', retryable: false, error: message, latencyMs: latencyMs() };
    const error = name === 'TimeoutError' ? 'timed out' : `connection failed: ${message}`;
    return { result: 'failed', retryable: true, error, latencyMs: latencyMs() };
  }
}

/** An attempt as the alert's record keeps it. */
export function attemptRecord(
  at: Date,
  outcome: AttemptResult,
  result: DeliveryAttempt['result'],
): DeliveryAttempt {
  return {
    at: at.toISOString(),
    result,
    status: outcome.status,
    error: outcome.result === 'failed' ? outcome.error : undefined,
    latencyMs: outcome.latencyMs,
  };
}

/** How long to wait before the next attempt: the receiver's Retry-After, else the backoff. */
export function nextDelayMs(
  outcome: AttemptResult,
  attempt: number,
  now: Date,
  random: () => number,
): number {
  const asked = outcome.result === 'failed' ? retryAfterMs(outcome.retryAfter, now) : undefined;
  return asked ?? backoffMs(attempt, random);
}

export async function deliverWebhook(
  job: WebhookJob,
  context: { attempt: number; firstQueuedAt: Date },
  deps: WebhookDependencies,
): Promise<WebhookOutcome> {
  const started = deps.clock.now();
  const subscriber = (await deps.subscribers.list()).find((s) => s.id === job.subscriberId);
  const delivery = subscriber?.delivery;
  const outcome: AttemptResult =
    delivery?.kind === 'webhook'
      ? await attemptWebhook(job.alertId, job.payloadJson, delivery, deps, deps.timeoutMs)
      : { result: 'failed', retryable: false, error: 'The subscriber has no webhook', latencyMs: 0 };
  const record = (result: DeliveryAttempt['result']) => {
    const state =
      result === 'delivered' ? 'delivered' : result === 'dead-letter' ? 'dead-lettered' : 'pending';
    const error = outcome.result === 'failed' ? outcome.error : undefined;
    return deps.alerts.recordAttempt(job.alertId, attemptRecord(started, outcome, result), state, error);
  };

  if (outcome.result === 'delivered') {
    await record('delivered');
    return { outcome: 'delivered', status: outcome.status };
  }
  const deadLetter = async (error: string): Promise<WebhookOutcome> => {
    await record('dead-letter');
    return { outcome: 'dead-letter', error };
  };
  if (!outcome.retryable) return deadLetter(outcome.error);

  const now = deps.clock.now();
  const age = now.getTime() - context.firstQueuedAt.getTime();
  const delayMs = nextDelayMs(outcome, context.attempt, now, deps.random);
  if (age + delayMs > deps.maxAgeMs) {
    const error = `gave up after ${Math.round(age / 60_000)} minutes: ${outcome.error}`;
    await deps.alerts.recordAttempt(
      job.alertId,
      attemptRecord(started, outcome, 'dead-letter'),
      'dead-lettered',
      error,
    );
    return { outcome: 'dead-letter', error };
  }
  await record('retry');
  return { outcome: 'retry', delayMs, error: outcome.error };
}
