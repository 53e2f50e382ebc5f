// The rosters as the matcher needs them, kept in memory between messages (matching is done in
// memory, with blocking) and loaded again when a roster changes, checked at most every few seconds.
import { type PersonRecord, RosterIndex } from '../core/matching/index.ts';
import type { Clock, LearnedIdentifiers, RosterEntry, RosterStore } from './ports/index.ts';

/** Who the subscribers know, ready to match a message against. */
export interface RosterView {
  /** Every subscriber's rows, each record naming its subscriber (`subscriberId`). */
  index: RosterIndex;
  /** The subscribers whose roster holds the person, with their own id for them. */
  subscribersHolding(personId: string): { subscriberId: string; localId?: string; line?: number }[];
}

const CHECK_EVERY_MS = 5_000;

export class RosterSnapshot {
  private current: (RosterView & { version: string | undefined }) | undefined;
  private checkedAt = 0;

  constructor(
    private readonly rosters: RosterStore,
    private readonly learned: LearnedIdentifiers,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<RosterView> {
    const now = this.clock.now().getTime();
    if (this.current !== undefined && now - this.checkedAt < CHECK_EVERY_MS) return this.current;
    this.checkedAt = now;
    const version = await this.rosters.version();
    if (this.current !== undefined && version === this.current.version) return this.current;
    const [rosters, learned] = await Promise.all([this.rosters.loadRosters(), this.learned.all()]);
    this.current = { ...build(rosters), version };
    for (const [key, personId] of learned) this.current.index.learnIdentifier(key, personId);
    return this.current;
  }
}

/** A roster entry as the matcher takes it, naming the subscriber whose roster it is on. */
export function personRecordOf(entry: RosterEntry, subscriberId?: string): PersonRecord {
  const { localId, ...rest } = entry;
  return {
    ...rest,
    ...(subscriberId !== undefined && { subscriberId }),
    localIds: localId === undefined ? [] : [localId],
  };
}

function build(rosters: Map<string, RosterEntry[]>): RosterView {
  const records = [...rosters].flatMap(([subscriberId, entries]) =>
    entries.map((entry) => personRecordOf(entry, subscriberId)),
  );
  const index = new RosterIndex(records);
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
