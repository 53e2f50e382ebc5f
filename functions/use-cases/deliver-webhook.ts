// Webhook delivery (ARCHITECTURE §4.5): each alert POSTed to its subscriber, signed per Standard
// Webhooks. 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried with
// exponential backoff and jitter (from about 1 s, doubling, capped at 5 minutes, honouring
// Retry-After) for up to 24 hours; anything else goes to the dead-letter queue at once. Every
// attempt carries the same alert id and a fresh signature and timestamp.
import { Webhook } from 'standardwebhooks';
import type { WebhookJob } from '../adapters/sqs/alert-dispatcher.ts';
import type { AlertStore, Clock, DeliveryAttempt, SubscriberDirectory } from './ports.ts';

export interface HttpResponse {
  status: number;
  retryAfter?: string;
}

export interface HttpPoster {
  /** Throws on a network error or a timeout. */
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

export async function deliverWebhook(
  job: WebhookJob,
  context: { attempt: number; firstQueuedAt: Date },
  deps: WebhookDependencies,
): Promise<WebhookOutcome> {
  const started = deps.clock.now();
  const record = async (result: DeliveryAttempt['result'], status?: number, error?: string) => {
    const attempt: DeliveryAttempt = {
      at: started.toISOString(),
      result,
      status,
      error,
      latencyMs: deps.clock.now().getTime() - started.getTime(),
    };
    const state =
      result === 'delivered' ? 'delivered' : result === 'dead-letter' ? 'dead-lettered' : 'pending';
    await deps.alerts.recordAttempt(job.alertId, attempt, state, error);
  };
  const deadLetter = async (error: string, status?: number): Promise<WebhookOutcome> => {
    await record('dead-letter', status, error);
    return { outcome: 'dead-letter', error };
  };

  const subscriber = (await deps.subscribers.list()).find((s) => s.id === job.subscriberId);
  const delivery = subscriber?.delivery;
  if (delivery?.kind !== 'webhook') return deadLetter('The subscriber has no webhook');
  const refused = await deps.guard.refuse(delivery.url);
  if (refused !== undefined) return deadLetter(refused);

  const signature = new Webhook(delivery.secret).sign(job.alertId, started, job.payloadJson);
  const headers = {
    'content-type': 'application/json',
    'webhook-id': job.alertId,
    'webhook-timestamp': String(Math.floor(started.getTime() / 1000)),
    'webhook-signature': signature,
  };
  let response: HttpResponse | undefined;
  let error: string;
  try {
    response = await deps.http.post(delivery.url, job.payloadJson, headers, deps.timeoutMs);
    if (response.status >= 200 && response.status < 300) {
      await record('delivered', response.status);
      return { outcome: 'delivered', status: response.status };
    }
    error = `HTTP ${response.status}`;
    if (!isRetryable(response.status)) return deadLetter(error, response.status);
  } catch (failure) {
    error =
      (failure as Error).name === 'TimeoutError'
        ? 'timed out'
        : `connection failed: ${(failure as Error).message}`;
  }

  const now = deps.clock.now();
  const age = now.getTime() - context.firstQueuedAt.getTime();
  const delayMs = retryAfterMs(response?.retryAfter, now) ?? backoffMs(context.attempt, deps.random);
  if (age + delayMs > deps.maxAgeMs)
    return deadLetter(`gave up after ${Math.round(age / 60_000)} minutes: ${error}`, response?.status);
  await record('retry', response?.status, error);
  return { outcome: 'retry', delayMs, error };
}
