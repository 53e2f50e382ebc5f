// Webhooks: the HTTP call itself, the guard against calling what the hub must not (SSRF), and
// the webhook queue that paces retries.

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

/** Where a retried webhook alert stands: attempts made before it was queued, and since when. */
export interface RetryContext {
  attemptsBefore: number;
  firstAttemptAt: string;
  /** Not to be tried before this time (ISO): the backoff after a failed attempt. */
  notBefore?: string;
}

/** What the webhook queue carries: the alert's id and payload, for whom, and its history. */
export interface WebhookJob extends Partial<RetryContext> {
  alertId: string;
  subscriberId: string;
  payloadJson: string;
  /** When the hub received the message behind it: end-to-end latency is measured from here. */
  receivedAt?: string;
}

/** One job as the webhook queue hands it over. */
export interface QueuedWebhookJob {
  /** The queue's id for the job (to report that it stays on the queue). */
  id: string;
  /** The queue's handle on this delivery of the job (to postpone it). */
  receipt: string;
  /** Jobs of one group (one subscriber and person) are handed over in order, one at a time. */
  group: string;
  job: WebhookJob;
  /** How many times the queue has handed this job over, this time included. */
  receiveCount: number;
  /** When the job was first queued. */
  queuedAt: Date;
}

/** The webhook queue as its consumer sees it. */
export interface WebhookRetryQueue {
  /** Hands the job over again after `delayMs` (the queue's visibility timeout), not before. */
  postpone(job: QueuedWebhookJob, delayMs: number): Promise<void>;
}
