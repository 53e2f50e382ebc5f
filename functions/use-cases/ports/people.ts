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
  /** Set when a merge (A34–A40) moved this person's state into another's. */
  mergedInto?: string;
  /** Optimistic lock: incremented by every save; 0 for someone new. */
  version: number;
}

export interface PersonStore {
  load(personId: string): Promise<PersonState>;
  /** Saves with the next version, unless it changed since loaded: then StalePersonStateError. */
  save(personId: string, state: PersonState): Promise<void>;
}

/**
 * Hospital numbers learned from confident matches, each scoped by the facility that sent it
 * (learnedKey: `FACILITY|AUTHORITY:value`) → person id.
 */
export interface LearnedIdentifiers {
  /**
   * The persons these keys were learned for (only the keys that were), read now. There is no call
   * for all of them: at a registry's size they are too many to read at once.
   */
  lookup(keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Learns a number for a person, never silently re-pointing it: when it is already learned for
   * another person, nothing changes and that person's id is returned. A merge (A34–A40) from the
   * number's own facility re-points it on purpose, with `repoint`.
   */
  learn(key: string, personId: string, options?: { repoint?: boolean }): Promise<{ heldBy?: string }>;
}
