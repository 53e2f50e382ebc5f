// In-memory fakes of the process step's ports, for tests that assert on state.
import type {
  AlertDispatcher,
  AlertStore,
  DeliveryAttempt,
  PersonState,
  PersonStore,
  ProcessDecision,
  ProcessedMessages,
  ReviewItem,
  StoredAlert,
  SubscriberDirectory,
  SubscriberRecord,
} from '../../use-cases/ports.ts';

export class InMemoryProcessedMessages implements ProcessedMessages {
  readonly decisions = new Map<string, ProcessDecision>();

  async isProcessed(messageKey: string): Promise<boolean> {
    return this.decisions.has(messageKey);
  }

  async markProcessed(messageKey: string, decision: ProcessDecision): Promise<void> {
    this.decisions.set(messageKey, structuredClone(decision));
  }
}

export class InMemoryPersonStore implements PersonStore {
  readonly states = new Map<string, PersonState>();
  readonly sequences = new Map<string, number>();
  readonly learned = new Map<string, string>();
  readonly review: ReviewItem[] = [];

  async load(personId: string): Promise<PersonState> {
    return structuredClone(this.states.get(personId) ?? { pastAlerts: [] });
  }

  async save(personId: string, state: PersonState): Promise<void> {
    this.states.set(personId, structuredClone(state));
  }

  async nextSequence(personId: string, subscriberId: string): Promise<number> {
    const key = `${personId}|${subscriberId}`;
    const next = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, next);
    return next;
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

/** Records what was dispatched, per channel. */
export class InMemoryAlertDispatcher implements AlertDispatcher {
  readonly dispatched: { alert: StoredAlert; subscriberId: string }[] = [];

  async dispatch(alert: StoredAlert, subscriber: SubscriberRecord): Promise<void> {
    if (this.dispatched.some((d) => d.alert.id === alert.id)) return;
    this.dispatched.push({ alert: structuredClone(alert), subscriberId: subscriber.id });
  }
}
