// In-memory fakes of the process step's ports, for tests that assert on state.
import {
  type AlertDispatcher,
  type AlertStore,
  type DeliveryAttempt,
  type PersonState,
  type PersonStore,
  type ProcessDecision,
  type ProcessedMessages,
  type RetryContext,
  type ReviewItem,
  StalePersonStateError,
  type StoredAlert,
  type SubscriberDirectory,
  type SubscriberRecord,
} from '../../use-cases/ports.ts';

export class InMemoryProcessedMessages implements ProcessedMessages {
  readonly decisions = new Map<string, ProcessDecision>();

  async markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options: { keepExisting?: boolean } = {},
  ): Promise<void> {
    if (options.keepExisting && this.decisions.has(messageKey)) return;
    this.decisions.set(messageKey, structuredClone(decision));
  }
}

export class InMemoryPersonStore implements PersonStore {
  readonly states = new Map<string, PersonState>();
  readonly learned = new Map<string, string>();
  readonly review: ReviewItem[] = [];

  async load(personId: string): Promise<PersonState> {
    return structuredClone(this.states.get(personId) ?? { pastAlerts: [], version: 0 });
  }

  async save(personId: string, state: PersonState): Promise<void> {
    if ((this.states.get(personId)?.version ?? 0) !== state.version)
      throw new StalePersonStateError(personId);
    this.states.set(personId, structuredClone({ ...state, version: state.version + 1 }));
  }

  async learnedIdentifiers(): Promise<Map<string, string>> {
    return new Map(this.learned);
  }

  async learnIdentifier(identifier: string, personId: string): Promise<void> {
    this.learned.set(identifier, personId);
  }

  async addToReview(item: ReviewItem): Promise<void> {
    this.review.push(structuredClone(item));
  }

  async reviewList(): Promise<ReviewItem[]> {
    return structuredClone(this.review);
  }
}

export class InMemorySubscriberDirectory implements SubscriberDirectory {
  constructor(readonly subscribers: SubscriberRecord[] = []) {}

  async list(): Promise<SubscriberRecord[]> {
    return structuredClone(this.subscribers);
  }
}

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
  ) {
    const alert = this.alerts.get(id);
    if (alert === undefined) return;
    alert.attempts = [...(alert.attempts ?? []), attempt];
    alert.status = status;
    alert.lastError = lastError;
  }

  async markPending(id: string): Promise<void> {
    const alert = this.alerts.get(id);
    if (alert !== undefined) {
      alert.status = 'pending';
      alert.lastError = undefined;
    }
  }

  async deadLettered(subscriberId?: string): Promise<StoredAlert[]> {
    return [...this.alerts.values()].filter(
      (a) => a.status === 'dead-lettered' && (subscriberId === undefined || a.subscriberId === subscriberId),
    );
  }
}

/** Records what was dispatched, per channel, and what was dead-lettered. */
export class InMemoryAlertDispatcher implements AlertDispatcher {
  readonly dispatched: { alert: StoredAlert; subscriberId: string; retry?: RetryContext }[] = [];
  readonly deadLettered: { alert: StoredAlert; error: string }[] = [];

  async dispatch(alert: StoredAlert, subscriber: SubscriberRecord, retry?: RetryContext): Promise<void> {
    // A FIFO queue drops a repeat of the same deduplication id (the alert id).
    if (this.dispatched.some((d) => d.alert.id === alert.id)) return;
    this.dispatched.push({ alert: structuredClone(alert), subscriberId: subscriber.id, retry });
  }

  async deadLetter(alert: StoredAlert, error: string): Promise<void> {
    this.deadLettered.push({ alert: structuredClone(alert), error });
  }
}
