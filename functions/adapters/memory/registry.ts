// In-memory RegistryStore, for tests.
import type { RegistryStore, RosterEntry } from '../../use-cases/ports.ts';

export class InMemoryRegistryStore implements RegistryStore {
  readonly rosters = new Map<string, RosterEntry[]>();

  async loadRosters(): Promise<Map<string, RosterEntry[]>> {
    return new Map([...this.rosters].map(([id, entries]) => [id, structuredClone(entries)]));
  }

  async saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void> {
    this.rosters.set(subscriberId, structuredClone([...entries]));
  }
}
