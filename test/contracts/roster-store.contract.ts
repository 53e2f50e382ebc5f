// What every RosterStore promises (whole-roster replace, a version that changes on every save):
// run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { RosterStore } from '../../functions/use-cases/ports/index.ts';
import { rosterEntry, uniqueId } from '../helpers/builders.ts';

export function describeRosterStoreContract(
  name: string,
  makeStore: () => RosterStore | Promise<RosterStore>,
) {
  describe(`RosterStore contract: ${name}`, () => {
    it('loads a saved roster under its subscriber, as saved', async () => {
      const store = await makeStore();
      const subscriberId = uniqueId('SC');
      const entries = [
        rosterEntry({ line: 2 }),
        rosterEntry({ line: 3, nhsNumber: undefined, localId: undefined, given: ['Mary'] }),
      ];

      await store.saveRoster(subscriberId, entries);

      expect((await store.loadRosters()).get(subscriberId)).toEqual(entries);
    });

    it('replaces the whole roster on a save', async () => {
      const store = await makeStore();
      const subscriberId = uniqueId('SC');
      await store.saveRoster(subscriberId, [rosterEntry(), rosterEntry({ line: 3 })]);
      const replacement = rosterEntry({ line: 2, family: 'Nowak' });

      await store.saveRoster(subscriberId, [replacement]);

      expect((await store.loadRosters()).get(subscriberId)).toEqual([replacement]);
    });

    it('keeps an empty roster as empty', async () => {
      const store = await makeStore();
      const subscriberId = uniqueId('SC');
      await store.saveRoster(subscriberId, [rosterEntry()]);

      await store.saveRoster(subscriberId, []);

      expect((await store.loadRosters()).get(subscriberId)).toEqual([]);
    });

    it('keeps a large roster whole and in order, and replaces it whole', async () => {
      const store = await makeStore();
      const subscriberId = uniqueId('SC');
      const entries = Array.from({ length: 901 }, (_, i) => rosterEntry({ line: i + 2, personId: `p-${i}` }));

      await store.saveRoster(subscriberId, entries);
      const saved = (await store.loadRosters()).get(subscriberId);
      await store.saveRoster(subscriberId, entries.slice(0, 1));

      expect(saved?.map((entry) => entry.line)).toEqual(entries.map((entry) => entry.line));
      expect((await store.loadRosters()).get(subscriberId)).toEqual(entries.slice(0, 1));
    });

    it("leaves other subscribers' rosters as they were", async () => {
      const store = await makeStore();
      const one = uniqueId('SC');
      const two = uniqueId('GP');
      const kept = [rosterEntry()];
      await store.saveRoster(one, kept);

      await store.saveRoster(two, [rosterEntry()]);

      expect((await store.loadRosters()).get(one)).toEqual(kept);
    });

    it('changes its version on every save, of any roster', async () => {
      const store = await makeStore();
      const one = uniqueId('SC');
      const two = uniqueId('GP');
      const versions = [await store.version()];

      await store.saveRoster(one, [rosterEntry()]);
      versions.push(await store.version());
      await store.saveRoster(one, [rosterEntry()]);
      versions.push(await store.version());
      await store.saveRoster(two, [rosterEntry()]);
      versions.push(await store.version());

      expect(versions.slice(1)).not.toContain(undefined);
      expect(new Set(versions).size).toBe(4);
    });

    it('keeps its version while nothing is saved', async () => {
      const store = await makeStore();
      await store.saveRoster(uniqueId('SC'), [rosterEntry()]);

      const before = await store.version();

      expect(await store.version()).toBe(before);
    });
  });
}
