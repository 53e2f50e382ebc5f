// The rosters as the matcher holds them between messages: loaded once, checked for new versions at
// most every 5 s, and only the rosters that changed loaded again.
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { RosterIndex, type RosterShard } from '../../../functions/core/matching/index.ts';
import { RosterSnapshot } from '../../../functions/use-cases/roster-snapshot.ts';
import { rosterEntry } from '../../helpers/builders.ts';
import { TestClock } from '../../helpers/clock.ts';

let rosters: InMemoryRosterStore;
let clock: TestClock;
let snapshot: RosterSnapshot;

beforeEach(async () => {
  rosters = new InMemoryRosterStore();
  clock = new TestClock();
  snapshot = new RosterSnapshot(rosters, clock);
  await rosters.saveRoster('SC-WARRINGTON', [rosterEntry({ personId: 'p-mary', localId: 'SC:100239' })]);
});

/** A subscriber's shard as the store holds it now. */
function shardFor(id: string): RosterShard | undefined {
  return rosters.shardNow(id);
}

/** Whether the view's index holds the person. */
async function knows(personId: string): Promise<boolean> {
  return (await snapshot.get()).index.withPersonId(personId).length > 0;
}

describe('RosterSnapshot', () => {
  it('loads the rosters on first use, and gives the same view while nothing changes', async () => {
    const first = await snapshot.get();
    clock.advance(60_000);

    const later = await snapshot.get();

    expect(first.index.withPersonId('p-mary')).toHaveLength(1);
    expect(later).toBe(first);
  });

  it('does not look for a new roster within 5 s of looking', async () => {
    await snapshot.get();
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-new' })]);

    clock.advance(4_999);

    expect(await knows('p-new')).toBe(false);
  });

  it("loads the rosters again once 5 s have passed and the store's version has changed", async () => {
    await snapshot.get();
    await rosters.saveRoster('SC-WARRINGTON', [rosterEntry({ personId: 'p-new' })]);

    clock.advance(5_000);

    expect(await knows('p-new')).toBe(true);
    expect(await knows('p-mary')).toBe(false);
  });

  it('waits another 5 s after a look that found no change', async () => {
    await snapshot.get();
    clock.advance(5_000);
    await snapshot.get();
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-new' })]);

    clock.advance(4_999);
    const within = await knows('p-new');
    clock.advance(1);

    expect(within).toBe(false);
    expect(await knows('p-new')).toBe(true);
  });

  it('loads again only the roster that changed, and keeps the others as they were', async () => {
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-gp' })]);
    const first = await snapshot.get();
    expect(rosters.loads.sort()).toEqual(['GP-N81001', 'SC-WARRINGTON']);

    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-gp-2' })]);
    clock.advance(5_000);
    const second = await snapshot.get();

    expect(rosters.loads.slice(2)).toEqual(['GP-N81001']);
    expect(second.index.withPersonId('p-gp')).toEqual([]);
    expect(second.index.withPersonId('p-gp-2')).toHaveLength(1);
    expect(second.index.withPersonId('p-mary')).toHaveLength(1);
    expect(first.index.withPersonId('p-gp')).toHaveLength(1); // an index never changes under a reader
  });

  it('keeps the value counts right across a replaced roster (a frequency is the whole registry’s)', async () => {
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-gp', family: 'Okafor' })]);
    const before = (await snapshot.get()).index;
    await rosters.saveRoster('GP-N81001', [
      rosterEntry({ personId: 'p-gp', family: 'Nowak' }),
      rosterEntry({ personId: 'p-gp-2', family: 'Nowak', line: 3 }),
    ]);
    clock.advance(5_000);
    const after = (await snapshot.get()).index;

    const rebuilt = RosterIndex.fromShards(
      [...(await rosters.versions())].map(([id]) => shardFor(id)).filter((shard) => shard !== undefined),
    );
    expect(after.familyFrequency('NOWAK')).toBe(rebuilt.familyFrequency('NOWAK'));
    expect(after.familyFrequency('OKAFOR')).toBe(rebuilt.familyFrequency('OKAFOR'));
    expect(after.familyFrequency('NOWAK')).toBeGreaterThan(before.familyFrequency('NOWAK'));
    expect(after.size).toBe(3);
  });

  it('drops a roster that is no longer there', async () => {
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-gp' })]);
    await snapshot.get();
    rosters.forget('GP-N81001');
    clock.advance(5_000);

    expect((await snapshot.get()).index.withPersonId('p-gp')).toEqual([]);
  });

  it('keeps the hospital numbers a container has learned when a roster changes', async () => {
    (await snapshot.get()).index.learnIdentifier('RBN|RBN:H456', 'p-mary');
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-new' })]);
    clock.advance(5_000);

    expect((await snapshot.get()).index.learnedPersonId('RBN|RBN:H456')).toBe('p-mary');
  });

  it('lists each subscriber holding a person, with its own id for them', async () => {
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-mary', localId: undefined })]);
    await rosters.saveRoster('ANOTHER-TEAM', [rosterEntry({ personId: 'p-someone', localId: 'X:1' })]);

    const view = await snapshot.get();

    const mary = view.subscribersHolding('p-mary');
    // In the order of the subscribers' ids.
    expect(mary).toMatchObject([
      { subscriberId: 'GP-N81001' },
      { subscriberId: 'SC-WARRINGTON', localId: 'SC:100239' },
    ]);
    expect(mary[0]?.localId).toBeUndefined();
    expect(view.subscribersHolding('p-someone')).toMatchObject([
      { subscriberId: 'ANOTHER-TEAM', localId: 'X:1' },
    ]);
    expect(view.subscribersHolding('p-nobody')).toEqual([]);
  });
});
