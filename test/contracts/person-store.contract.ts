// What every PersonStore promises (a versioned save, StalePersonStateError on a lost race): run
// against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import { StalePersonStateError } from '../../functions/use-cases/errors.ts';
import type { PersonStore } from '../../functions/use-cases/ports/index.ts';
import { personState, uniqueId } from '../helpers/builders.ts';

export function describePersonStoreContract(
  name: string,
  makeStore: () => PersonStore | Promise<PersonStore>,
) {
  describe(`PersonStore contract: ${name}`, () => {
    it('loads someone new as version 0 with no past alerts', async () => {
      const store = await makeStore();

      expect(await store.load(uniqueId('p'))).toEqual({ pastAlerts: [], version: 0 });
    });

    it('saves a state and loads it back with the next version', async () => {
      const store = await makeStore();
      const personId = uniqueId('p');
      const state = personState({ version: 0 });

      await store.save(personId, state);

      expect(await store.load(personId)).toEqual({ ...state, version: 1 });
    });

    it('counts every save in the version', async () => {
      const store = await makeStore();
      const personId = uniqueId('p');
      await store.save(personId, personState({ version: 0 }));
      const loaded = await store.load(personId);

      await store.save(personId, { ...loaded, recentMessages: ['RBN|MSG9'] });

      expect(await store.load(personId)).toMatchObject({ recentMessages: ['RBN|MSG9'], version: 2 });
    });

    it('refuses a save from a state someone else saved since it was loaded, and keeps theirs', async () => {
      const store = await makeStore();
      const personId = uniqueId('p');
      await store.save(personId, personState({ version: 0 }));
      const mine = await store.load(personId);
      const theirs = await store.load(personId);
      await store.save(personId, { ...theirs, recentMessages: ['theirs'] });

      const saving = store.save(personId, { ...mine, recentMessages: ['mine'] });

      await expect(saving).rejects.toBeInstanceOf(StalePersonStateError);
      expect(await store.load(personId)).toMatchObject({ recentMessages: ['theirs'], version: 2 });
    });

    it.each([
      { case: 'someone new saved twice from version 0', before: 1, version: 0 },
      { case: 'a version ahead of the stored one', before: 1, version: 5 },
      { case: 'a version for someone never saved', before: 0, version: 3 },
    ])('refuses $case', async ({ before, version }) => {
      const store = await makeStore();
      const personId = uniqueId('p');
      for (let saved = 0; saved < before; saved++)
        await store.save(personId, personState({ version: saved }));

      await expect(store.save(personId, personState({ version }))).rejects.toBeInstanceOf(
        StalePersonStateError,
      );
      expect((await store.load(personId)).version).toBe(before);
    });

    it('keeps each person apart', async () => {
      const store = await makeStore();
      const one = uniqueId('p');
      const two = uniqueId('p');

      await store.save(one, personState({ version: 0, lastDischargeAt: '2026-01-01T00:00:00.000Z' }));

      expect(await store.load(two)).toEqual({ pastAlerts: [], version: 0 });
      expect((await store.load(one)).lastDischargeAt).toBe('2026-01-01T00:00:00.000Z');
    });
  });
}
