// Rosters: the people each subscriber knows, as it uploaded them, with the hub's id for each. Each
// roster is stored as one compact shard (core/matching/roster-shard.ts) under a version of its own,
// so a reader loads only the rosters that changed.
import type { PersonRecord, RosterShard } from '../../core/matching/index.ts';

/** One person on a subscriber's roster, as uploaded, with the hub's id for the person. */
export type RosterEntry = Omit<PersonRecord, 'localIds' | 'subscriberId'> & {
  line: number;
  localId?: string;
};

export interface RosterStore {
  /** Each subscriber's roster version: a new one on every save of that roster. */
  versions(): Promise<Map<string, string>>;
  /**
   * The subscriber's roster at that version, ready to match against; undefined if it has been
   * replaced since (read the versions again).
   */
  loadShard(subscriberId: string, version: string): Promise<RosterShard | undefined>;
  /** Every subscriber's current roster, as entries (tests, small tools: the matcher loads shards). */
  loadRosters(): Promise<Map<string, RosterEntry[]>>;
  /** How many rows each subscriber's roster has, without reading the rows. */
  counts(): Promise<Map<string, number>>;
  /** Makes `entries` the subscriber's whole roster, at once: readers see the old or the new. */
  saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void>;
}
