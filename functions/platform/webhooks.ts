// How the hub calls webhooks, the same for the first attempt (process step) and the retries
// (webhook deliverer): a timeout, the SSRF guard before and at the connection; loopback only on
// the local hub.
import { urlGuard, webhookPoster } from '../adapters/http/webhook-http.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function webhookSettings() {
  const timeoutMs = Number(process.env.ADT_HUB_WEBHOOK_TIMEOUT_MS || 10_000);
  const allowLoopback = process.env.ADT_HUB_ALLOW_LOOPBACK_WEBHOOKS === 'true';
  return {
    http: webhookPoster({ allowLoopback }),
    guard: urlGuard({ allowLoopback }),
    timeoutMs,
    /** The first attempt waits less: a slow receiver must not hold up the messages behind it. */
    firstAttemptTimeoutMs: Math.min(timeoutMs, 3_000),
    maxAgeMs: Number(process.env.ADT_HUB_WEBHOOK_MAX_AGE_MS || DAY_MS),
  };
}
