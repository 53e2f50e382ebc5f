// The rosters as the matcher holds them between messages: loaded once, checked for a new version
// at most every 5 s, with the learned hospital numbers applied.
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryLearnedIdentifiers } from '../../../functions/adapters/memory/people.ts';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { RosterSnapshot } from '../../../functions/use-cases/roster-snapshot.ts';
import { rosterEntry } from '../../helpers/builders.ts';
import { TestClock } from '../../helpers/clock.ts';

let rosters: InMemoryRosterStore;
let learned: InMemoryLearnedIdentifiers;
let clock: TestClock;
let snapshot: RosterSnapshot;

beforeEach(async () => {
  rosters = new InMemoryRosterStore();
  learned = new InMemoryLearnedIdentifiers();
  clock = new TestClock();
  snapshot = new RosterSnapshot(rosters, learned, clock);
  await rosters.saveRoster('SC-WARRINGTON', [rosterEntry({ personId: 'p-mary', localId: 'SC:100239' })]);
});

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

  it('applies the hospital numbers learned so far', async () => {
    await learned.learn('RBN|RBN:H123', 'p-mary');

    const { index } = await snapshot.get();

    expect(index.learnedPersonId('RBN|RBN:H123')).toBe('p-mary');
    expect(index.learnedPersonId('RBN|RBN:H999')).toBeUndefined();
  });

  it('applies them again when it loads new rosters', async () => {
    await snapshot.get();
    await learned.learn('RBN|RBN:H456', 'p-mary');
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-new' })]);

    clock.advance(5_000);

    expect((await snapshot.get()).index.learnedPersonId('RBN|RBN:H456')).toBe('p-mary');
  });

  it('lists each subscriber holding a person, with its own id for them', async () => {
    await rosters.saveRoster('GP-N81001', [rosterEntry({ personId: 'p-mary', localId: undefined })]);
    await rosters.saveRoster('ANOTHER-TEAM', [rosterEntry({ personId: 'p-someone', localId: 'X:1' })]);

    const view = await snapshot.get();

    const mary = view.subscribersHolding('p-mary');
    expect(mary).toMatchObject([
      { subscriberId: 'SC-WARRINGTON', localId: 'SC:100239' },
      { subscriberId: 'GP-N81001' },
    ]);
    expect(mary[1]?.localId).toBeUndefined();
    expect(view.subscribersHolding('p-someone')).toMatchObject([
      { subscriberId: 'ANOTHER-TEAM', localId: 'X:1' },
    ]);
    expect(view.subscribersHolding('p-nobody')).toEqual([]);
  });
});
