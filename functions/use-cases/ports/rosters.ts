// Rosters: the people each subscriber knows, as it uploaded them, with the hub's id for each.
import type { PersonRecord } from '../../core/matching/types.ts';

/** One person on a subscriber's roster, as uploaded, with the hub's id for the person. */
export type RosterEntry = Omit<PersonRecord, 'localIds'> & { line: number; localId?: string };

export interface RosterStore {
  /** Every subscriber's current roster. */
  loadRosters(): Promise<Map<string, RosterEntry[]>>;
  /** Changes whenever a roster does: a reader's cue to load them again. */
  version(): Promise<string | undefined>;
  /** How many rows each subscriber's roster has, without reading the rows. */
  counts(): Promise<Map<string, number>>;
  /** Makes `entries` the subscriber's whole roster, at once: readers see the old or the new. */
  saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void>;
}
