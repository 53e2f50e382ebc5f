// In-memory RosterStore, for tests: each roster kept as the shard the DynamoDB store would keep.
import { RosterShard } from '../../core/matching/index.ts';
import type { RosterEntry, RosterStore } from '../../use-cases/ports/index.ts';
import { rosterEntriesOf, rosterShardOf } from '../../use-cases/roster-entries.ts';

export class InMemoryRosterStore implements RosterStore {
  private readonly saved = new Map<string, { version: string; shard: RosterShard }>();
  private saves = 0;
  /** Shards handed out by loadShard, for tests that count what a reader loaded. */
  readonly loads: string[] = [];

  async versions(): Promise<Map<string, string>> {
    return new Map([...this.saved].map(([id, { version }]) => [id, version]));
  }

  async loadShard(subscriberId: string, version: string): Promise<RosterShard | undefined> {
    const found = this.saved.get(subscriberId);
    if (found === undefined || found.version !== version) return undefined;
    this.loads.push(subscriberId);
    return found.shard;
  }

  async counts(): Promise<Map<string, number>> {
    return new Map([...this.saved].map(([id, { shard }]) => [id, shard.size]));
  }

  async loadRosters(): Promise<Map<string, RosterEntry[]>> {
    return new Map([...this.saved].map(([id, { shard }]) => [id, rosterEntriesOf(shard)]));
  }

  /** The shard saved for a subscriber now (tests). */
  shardNow(subscriberId: string): RosterShard | undefined {
    return this.saved.get(subscriberId)?.shard;
  }

  /** Removes a subscriber's roster (as removing the subscriber would, in a test). */
  forget(subscriberId: string): void {
    this.saved.delete(subscriberId);
  }

  async saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void> {
    this.saves++;
    // Through its bytes, as the DynamoDB store keeps it: tests exercise the same encoding.
    const shard = RosterShard.decode(subscriberId, rosterShardOf(subscriberId, entries).encode());
    this.saved.set(subscriberId, { version: String(this.saves), shard });
  }
}
