// In-memory AlertStore and AlertDispatcher, for tests that assert on state.
import type {
  AlertDispatcher,
  AlertStore,
  DeadLetterQueue,
  DeliveryAttempt,
  RetryContext,
  StoredAlert,
  SubscriberRecord,
  WebhookJob,
} from '../../use-cases/ports/index.ts';

const oldestFirst = (a: StoredAlert, b: StoredAlert) =>
  a.createdAt.localeCompare(b.createdAt) || a.sequence - b.sequence;

export class InMemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, StoredAlert>();

  async save(alert: StoredAlert): Promise<StoredAlert> {
    const existing = this.alerts.get(alert.id);
    if (existing !== undefined) return structuredClone(existing);
    this.alerts.set(alert.id, structuredClone(alert));
    return alert;
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    const alert = this.alerts.get(id);
    return alert === undefined ? undefined : structuredClone(alert);
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: StoredAlert['status'],
    lastError?: string,
  ): Promise<void> {
    // As the table's conditional update: an unknown id changes nothing.
    const alert = this.alerts.get(id);
    if (alert === undefined) return;
    alert.attempts = [...(alert.attempts ?? []), attempt];
    alert.status = status;
    alert.lastError = lastError;
    this.alerts.set(id, alert);
  }

  async markPending(id: string): Promise<void> {
    const alert = this.alerts.get(id);
    if (alert === undefined) return;
    alert.status = 'pending';
    alert.lastError = undefined;
  }

  async deadLettered(subscriberId?: string): Promise<StoredAlert[]> {
    return structuredClone(
      [...this.alerts.values()]
        .filter(
          (a) =>
            a.status === 'dead-lettered' && (subscriberId === undefined || a.subscriberId === subscriberId),
        )
        .sort(oldestFirst),
    );
  }

  async pending(): Promise<StoredAlert[]> {
    return structuredClone([...this.alerts.values()].filter((a) => a.status === 'pending').sort(oldestFirst));
  }
}

/** Records what was dispatched, per channel, and what was dead-lettered. */
export class InMemoryAlertDispatcher implements AlertDispatcher {
  readonly dispatched: {
    alert: StoredAlert;
    subscriberId: string;
    retry?: RetryContext;
    redrive?: boolean;
  }[] = [];
  readonly deadLettered: { job: WebhookJob; error: string }[] = [];

  /** Subscribers whose own queue refuses every send (retries still reach the retry queue). */
  readonly failingQueues = new Set<string>();

  async dispatch(alert: StoredAlert, subscriber: SubscriberRecord, retry?: RetryContext): Promise<void> {
    if (retry === undefined && subscriber.delivery?.kind === 'sqs' && this.failingQueues.has(subscriber.id))
      throw Object.assign(new Error('queue unavailable'), { name: 'QueueDoesNotExist' });
    // A FIFO queue drops a repeat of the same deduplication id (the alert id).
    if (this.dispatched.some((d) => d.alert.id === alert.id && !d.redrive)) return;
    this.dispatched.push({ alert: structuredClone(alert), subscriberId: subscriber.id, retry });
  }

  async redispatch(alert: StoredAlert, subscriber: SubscriberRecord): Promise<void> {
    this.dispatched.push({ alert: structuredClone(alert), subscriberId: subscriber.id, redrive: true });
  }

  async deadLetter(job: WebhookJob, error: string): Promise<void> {
    this.deadLettered.push({ job: structuredClone(job), error });
  }
}

export class InMemoryDeadLetterQueue implements DeadLetterQueue {
  readonly discarded: string[] = [];

  async discard(alertIds: ReadonlySet<string>): Promise<void> {
    this.discarded.push(...alertIds);
  }
}
