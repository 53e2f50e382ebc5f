// Alerts: what the process step decided to send, each delivery attempt, and the channels that
// carry them (a subscriber's own SQS queue; the webhook queue for retries; its dead-letter queue).
import type { RoutedAlert } from '../../core/routing/types.ts';
import type { SubscriberRecord } from './subscribers.ts';
import type { RetryContext, WebhookJob } from './webhooks.ts';

/** One try at delivering an alert. */
export interface DeliveryAttempt {
  at: string;
  result: 'delivered' | 'retry' | 'dead-letter';
  status?: number;
  error?: string;
  latencyMs: number;
}

/** An alert decided and on its way. */
export interface StoredAlert extends RoutedAlert {
  personId: string;
  sequence: number;
  messageKey: string;
  receivedAt: string;
  /** The payload (§4.5) exactly as delivered, every time. */
  payloadJson: string;
  status: 'pending' | 'delivered' | 'dead-lettered';
  createdAt: string;
  attempts?: DeliveryAttempt[];
  lastError?: string;
  /** Epoch seconds after which the store may forget it. */
  expiresAt: number;
}

export interface AlertStore {
  /** Stores the alert unless one with its id exists; returns the one stored (the first). */
  save(alert: StoredAlert): Promise<StoredAlert>;
  get(id: string): Promise<StoredAlert | undefined>;
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: StoredAlert['status'],
    lastError?: string,
  ): Promise<void>;
  /** Dead-lettered alerts, oldest first. */
  deadLettered(subscriberId?: string): Promise<StoredAlert[]>;
  /** Alerts still on their way (recovery after a restart), oldest first. */
  pending(): Promise<StoredAlert[]>;
  /** Back to pending: it is on its way again (a redrive). */
  markPending(id: string): Promise<void>;
}

/** Hands an alert to its subscriber's channel: its own SQS queue, or the webhook queue for retries. */
export interface AlertDispatcher {
  /**
   * To an SQS subscriber's own queue; with a retry context (and for every webhook subscriber) to
   * the webhook queue, which retries each channel with backoff.
   */
  dispatch(alert: StoredAlert, subscriber: SubscriberRecord, retry?: RetryContext): Promise<void>;
  /**
   * The same, for an alert the channel has carried before (a redrive): a FIFO queue would drop a
   * repeat of its deduplication id, so this one gets a fresh one; the alert keeps its id.
   */
  redispatch(alert: StoredAlert, subscriber: SubscriberRecord): Promise<void>;
  /** The webhook dead-letter queue, where an operator finds it (`adt-hub dlq`). */
  deadLetter(job: WebhookJob, error: string): Promise<void>;
}

/** The webhook dead-letter queue, which alarms while it holds anything. */
export interface DeadLetterQueue {
  /** Takes these alerts off the queue (they were redriven); leaves the others where they are. */
  discard(alertIds: ReadonlySet<string>): Promise<void>;
}
