// In-memory PersonStore and LearnedIdentifiers, for tests.
import { StalePersonStateError } from '../../use-cases/errors.ts';
import type { LearnedIdentifiers, PersonState, PersonStore } from '../../use-cases/ports/index.ts';

export class InMemoryPersonStore implements PersonStore {
  readonly states = new Map<string, PersonState>();

  async load(personId: string): Promise<PersonState> {
    return structuredClone(this.states.get(personId) ?? { pastAlerts: [], version: 0 });
  }

  async save(personId: string, state: PersonState): Promise<void> {
    if ((this.states.get(personId)?.version ?? 0) !== state.version)
      throw new StalePersonStateError(personId);
    this.states.set(personId, structuredClone({ ...state, version: state.version + 1 }));
  }
}

export class InMemoryLearnedIdentifiers implements LearnedIdentifiers {
  readonly learned = new Map<string, string>();

  async lookup(keys: readonly string[]): Promise<Map<string, string>> {
    return new Map(
      keys.flatMap((key) => (this.learned.has(key) ? [[key, this.learned.get(key) as string]] : [])),
    );
  }

  async learn(
    key: string,
    personId: string,
    options: { repoint?: boolean } = {},
  ): Promise<{ heldBy?: string }> {
    const heldBy = this.learned.get(key);
    if (heldBy !== undefined && heldBy !== personId && !options.repoint) return { heldBy };
    this.learned.set(key, personId);
    return {};
  }
}
