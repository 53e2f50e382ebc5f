// In-memory RosterStore, for tests.
import type { RosterEntry, RosterStore } from '../../use-cases/ports/index.ts';

export class InMemoryRosterStore implements RosterStore {
  readonly rosters = new Map<string, RosterEntry[]>();
  private saves = 0;

  async version(): Promise<string | undefined> {
    return this.saves === 0 ? undefined : String(this.saves);
  }

  async counts(): Promise<Map<string, number>> {
    return new Map([...this.rosters].map(([id, entries]) => [id, entries.length]));
  }

  async loadRosters(): Promise<Map<string, RosterEntry[]>> {
    return new Map([...this.rosters].map(([id, entries]) => [id, structuredClone(entries)]));
  }

  async saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void> {
    this.rosters.set(subscriberId, structuredClone([...entries]));
    this.saves++;
  }
}
