// The rosters as the matcher needs them, kept in memory between messages (matching is done in
// memory, with blocking): one compact shard per subscriber, loaded on first use and, when a roster
// changes, that roster's shard alone loaded again (versions checked at most every few seconds).
// Hospital numbers learned are not loaded here: the process step reads those a message carries.
import { RosterIndex, type RosterShard } from '../core/matching/index.ts';
import type { Clock, RosterStore } from './ports/index.ts';

/** Who the subscribers know, ready to match a message against. */
export interface RosterView {
  /** Every subscriber's rows, each record naming its subscriber (`subscriberId`). */
  index: RosterIndex;
  /** The subscribers whose roster holds the person, with their own id for them. */
  subscribersHolding(personId: string): { subscriberId: string; localId?: string; line?: number }[];
}

const CHECK_EVERY_MS = 5_000;
/** Shards loaded at once on a cold start: the reads overlap, the decoding does not. */
const LOAD_CONCURRENCY = 16;

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await each(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The shards of these roster versions, read in parallel; undefined for one replaced meanwhile. */
export function loadShards(
  rosters: RosterStore,
  wanted: readonly (readonly [subscriberId: string, version: string])[],
): Promise<{ id: string; version: string; shard: RosterShard | undefined }[]> {
  return mapLimit(wanted, LOAD_CONCURRENCY, async ([id, version]) => ({
    id,
    version,
    shard: await rosters.loadShard(id, version),
  }));
}

/** Every roster as it is now, in one index (an import's view of the registry). */
export async function loadRosterIndex(rosters: RosterStore): Promise<RosterIndex> {
  const loaded = await loadShards(rosters, [...(await rosters.versions())]);
  return RosterIndex.fromShards(
    bySubscriber(loaded.flatMap(({ shard }) => (shard === undefined ? [] : [shard]))),
  );
}

function bySubscriber(shards: RosterShard[]): RosterShard[] {
  return shards.sort((a, b) => (a.subscriberId ?? '').localeCompare(b.subscriberId ?? ''));
}

function viewOf(index: RosterIndex): RosterView {
  return {
    index,
    subscribersHolding: (personId) =>
      index.withPersonId(personId).map(({ record }) => ({
        subscriberId: record.subscriberId as string,
        localId: record.localIds[0],
        line: record.line,
      })),
  };
}

export class RosterSnapshot {
  private current: RosterView | undefined;
  /** The version of each subscriber's roster in `current`. */
  private held = new Map<string, string>();
  private checkedAt = 0;
  private loading: Promise<RosterView> | undefined;

  constructor(
    private readonly rosters: RosterStore,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<RosterView> {
    const now = this.clock.now().getTime();
    if (this.current !== undefined && now - this.checkedAt < CHECK_EVERY_MS) return this.current;
    // One refresh at a time: callers meanwhile wait for it rather than each loading the shards.
    this.loading ??= this.refresh(now).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async refresh(now: number): Promise<RosterView> {
    const versions = await this.rosters.versions();
    const stale = [...versions].filter(([id, version]) => this.held.get(id) !== version);
    const removed = [...this.held.keys()].filter((id) => !versions.has(id));
    if (this.current !== undefined && stale.length === 0 && removed.length === 0) {
      this.checkedAt = now;
      return this.current;
    }
    const loaded = await loadShards(this.rosters, stale);
    const changed = new Map<string, RosterShard | undefined>(removed.map((id) => [id, undefined]));
    const held = new Map(this.held);
    for (const id of removed) held.delete(id);
    for (const { id, version, shard } of loaded) {
      // Replaced again while it was read: the next look loads the newer one.
      if (shard === undefined) continue;
      changed.set(id, shard);
      held.set(id, version);
    }
    const index =
      this.current === undefined
        ? RosterIndex.fromShards(bySubscriber([...changed.values()].filter((shard) => shard !== undefined)))
        : this.current.index.withShards(changed);
    this.current = viewOf(index);
    this.held = held;
    this.checkedAt = now;
    return this.current;
  }
}
