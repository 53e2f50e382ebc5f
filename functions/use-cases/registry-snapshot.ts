// The rosters as the matcher needs them, kept in memory between messages (matching is done in
// memory, with blocking) and loaded again when a roster changes, checked at most every few seconds.
import { RosterIndex } from '../core/matching/index.ts';
import type { Clock, PersonStore, RegistryStore, RosterEntry } from './ports.ts';

export interface Registry {
  index: RosterIndex;
  /** The subscribers whose roster holds the person, with their own id for them. */
  rosterOf(personId: string): { subscriberId: string; localId?: string }[];
}

const CHECK_EVERY_MS = 5_000;

export class RegistrySnapshot {
  private current: (Registry & { version: string | undefined }) | undefined;
  private checkedAt = 0;

  constructor(
    private readonly registry: RegistryStore,
    private readonly people: PersonStore,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Registry> {
    const now = this.clock.now().getTime();
    if (this.current !== undefined && now - this.checkedAt < CHECK_EVERY_MS) return this.current;
    this.checkedAt = now;
    const version = await this.registry.version();
    if (this.current !== undefined && version === this.current.version) return this.current;
    const [rosters, learned] = await Promise.all([
      this.registry.loadRosters(),
      this.people.learnedIdentifiers(),
    ]);
    this.current = { ...build(rosters), version };
    for (const [identifier, personId] of learned) this.current.index.learnIdentifier(identifier, personId);
    return this.current;
  }
}

function build(rosters: Map<string, RosterEntry[]>): Registry {
  const knownBy = new Map<string, { subscriberId: string; localId?: string }[]>();
  const records = [...rosters].flatMap(([subscriberId, entries]) =>
    entries.map((entry) => {
      const { localId, ...rest } = entry;
      const list = knownBy.get(entry.personId) ?? [];
      list.push({ subscriberId, localId });
      knownBy.set(entry.personId, list);
      return { ...rest, localIds: localId === undefined ? [] : [localId] };
    }),
  );
  return { index: new RosterIndex(records), rosterOf: (personId) => knownBy.get(personId) ?? [] };
}
