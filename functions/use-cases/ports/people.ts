// People: what the hub remembers about a person between messages, and the hospital numbers it
// learned for them.
import type { PastAlert } from '../../core/routing/types.ts';

/** What the hub remembers about a person between messages. */
export interface PersonState {
  pastAlerts: PastAlert[];
  lastDischargeAt?: string;
  /** The last sequence number given to each subscriber's alerts about this person. */
  sequences?: Record<string, number>;
  /** Messages whose alerts are already out: a message seen again is not alerted twice. */
  recentMessages?: string[];
  /**
   * Per webhook subscriber, the latest alert about this person that went to the webhook queue to
   * be retried: until it is delivered or dead-lettered, the person's next alerts queue behind it.
   */
  queuedBehind?: Record<string, string>;
  /** Optimistic lock: incremented by every save; 0 for someone new. */
  version: number;
}

export interface PersonStore {
  load(personId: string): Promise<PersonState>;
  /** Saves with the next version, unless it changed since loaded: then StalePersonStateError. */
  save(personId: string, state: PersonState): Promise<void>;
}

/** Hospital numbers learned from confident matches: `AUTHORITY:value` → person id. */
export interface LearnedIdentifiers {
  all(): Promise<Map<string, string>>;
  learn(identifier: string, personId: string): Promise<void>;
}
