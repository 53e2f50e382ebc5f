// In-memory fakes of the process step's ports, for tests that assert on state.
import type {
  AlertStore,
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

  async save(alert: StoredAlert): Promise<boolean> {
    if (this.alerts.has(alert.id)) return false;
    this.alerts.set(alert.id, structuredClone(alert));
    return true;
  }
}
