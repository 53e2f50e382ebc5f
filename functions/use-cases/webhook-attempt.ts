// One webhook attempt (ARCHITECTURE §4.5), the same for the first attempt (process step) and the
// retries (webhook queue): signed per Standard Webhooks, with a fresh timestamp and signature each
// time and the alert id as `webhook-id`. 2xx is delivered; 408, 429, 5xx, timeouts and connection
// errors are worth retrying, with exponential backoff and jitter (from about 1 s, doubling, capped
// at 5 minutes) or the receiver's Retry-After; anything else is not.
import { Webhook } from 'standardwebhooks';
import {
  type Clock,
  type DeliveryAttempt,
  type HttpPoster,
  REFUSED_ADDRESS,
  type UrlGuard,
  type WebhookChannel,
} from './ports/index.ts';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Exponential backoff with jitter: attempt 1 waits about 1 s, then 2, 4, … up to 5 minutes. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Longest wait a receiver's Retry-After can ask for: an hour, then the hub tries again anyway. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Retry-After as seconds or an HTTP date (RFC 9110), in milliseconds from now; anything else: undefined. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Number(text) * 1000);
  // IMF-fixdate, as servers send it: `Sun, 06 Nov 1994 08:49:37 GMT` (Date.parse alone takes anything).
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
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

export interface WebhookCaller {
  http: HttpPoster;
  guard: UrlGuard;
  clock: Clock;
}

/** Signs and POSTs one alert. */
export async function attemptWebhook(
  alertId: string,
  payloadJson: string,
  target: WebhookChannel,
  deps: WebhookCaller,
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
