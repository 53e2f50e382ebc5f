// What every RosterStore promises (whole-roster replace, a version that changes on every save):
// run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import { RosterIndex } from '../../functions/core/matching/index.ts';
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

    it('gives each roster a new version on every save of it, and leaves the others’ as they were', async () => {
      const store = await makeStore();
      const one = uniqueId('SC');
      const two = uniqueId('GP');

      await store.saveRoster(one, [rosterEntry()]);
      const first = await store.versions();
      await store.saveRoster(one, [rosterEntry()]);
      const second = await store.versions();
      await store.saveRoster(two, [rosterEntry()]);
      const third = await store.versions();

      expect(first.get(one)).toBeDefined();
      expect(second.get(one)).not.toBe(first.get(one));
      expect(third.get(one)).toBe(second.get(one));
      expect(third.get(two)).toBeDefined();
      expect(await store.versions()).toEqual(third);
    });

    it('loads a roster’s shard at its version, ready to match, and nothing for a version replaced', async () => {
      const store = await makeStore();
      const id = uniqueId('SC');
      const mary = rosterEntry({ line: 2, personId: 'p-mary', localId: 'SC:1' });
      await store.saveRoster(id, [mary, rosterEntry({ line: 3, personId: 'p-other' })]);
      const version = (await store.versions()).get(id) as string;

      const shard = await store.loadShard(id, version);

      expect(shard?.subscriberId).toBe(id);
      expect(shard?.size).toBe(2);
      const index = RosterIndex.fromShards(shard === undefined ? [] : [shard]);
      expect(
        index.withPersonId('p-mary').map(({ record }) => [record.subscriberId, record.localIds]),
      ).toEqual([[id, ['SC:1']]]);
      await store.saveRoster(id, [mary]);
      expect(await store.loadShard(id, version)).toBeUndefined();
    });

    it('counts each roster’s rows without reading them', async () => {
      const store = await makeStore();
      const id = uniqueId('SC');
      await store.saveRoster(id, [rosterEntry({ line: 2 }), rosterEntry({ line: 3, personId: 'p-2' })]);

      expect((await store.counts()).get(id)).toBe(2);
    });
  });
}
