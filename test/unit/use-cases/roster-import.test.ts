// Roster import on in-memory rosters: counts, replace or merge, and the hub's person ids.
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { type ParsedRosterRow, parseRosterRow } from '../../../functions/core/matching/index.ts';
import { type ImportDependencies, importRoster } from '../../../functions/use-cases/roster-import.ts';

let rosters: InMemoryRosterStore;
let deps: ImportDependencies;
let ids: number;

beforeEach(() => {
  rosters = new InMemoryRosterStore();
  ids = 0;
  deps = { rosters, newPersonId: () => `p-${++ids}` };
});

async function* rows(...csvRows: Record<string, string>[]): AsyncGenerator<ParsedRosterRow> {
  let line = 1;
  for (const row of csvRows) {
    line++;
    yield { line, ...parseRosterRow(row, line) };
  }
}

const mary = {
  nhs_number: '9449305552',
  family_name: "O'Brien",
  given_name: 'Mary',
  birth_date: '1942-03-17',
  sex: 'F',
};
const amir = {
  family_name: 'Khan',
  given_name: 'Amir',
  birth_date: '2001-05-09',
  postcode: 'WA2 7AB',
  local_id: 'SC:1',
};
const zaid = {
  family_name: 'Khan',
  given_name: 'Zaid',
  birth_date: '2001-05-09',
  postcode: 'WA2 7AB',
  local_id: 'SC:2',
};

describe('importRoster', () => {
  it('imports valid rows, reports the others by line, and names people by NHS number or a new id', async () => {
    const summary = await importRoster(
      'SC',
      rows(mary, amir, { family_name: 'NoDate', given_name: 'X' }),
      { replace: false },
      deps,
    );

    expect(summary).toEqual({
      imported: 2,
      updated: 0,
      unchanged: 0,
      removed: 0,
      rejected: [
        {
          line: 4,
          reason: 'needs a valid nhs_number, or family_name, birth_date and a given_name or postcode',
        },
      ],
      conflicts: [],
    });
    expect((await rosters.loadRosters()).get('SC')?.map((e) => [e.personId, e.line, e.localId])).toEqual([
      ['9449305552', 2, undefined],
      ['p-1', 3, 'SC:1'],
    ]);
  });

  it('keeps a person’s id across uploads through the subscriber’s local_id, and counts changes', async () => {
    await importRoster('SC', rows(amir, zaid), { replace: false }, deps);
    const summary = await importRoster(
      'SC',
      rows({ ...amir, postcode: 'WA3 6XY' }, zaid),
      { replace: false },
      deps,
    );

    expect(summary).toMatchObject({ imported: 0, updated: 1, unchanged: 1, removed: 0 });
    expect(
      (await rosters.loadRosters())
        .get('SC')
        ?.map((e) => e.personId)
        .sort(),
    ).toEqual(['p-1', 'p-2']);
  });

  it('with --replace, removes people no longer listed; without it, keeps them', async () => {
    await importRoster('SC', rows(amir, zaid), { replace: false }, deps);

    const merged = await importRoster('SC', rows(mary), { replace: false }, deps);
    expect(merged).toMatchObject({ imported: 1, removed: 0 });
    expect((await rosters.loadRosters()).get('SC')).toHaveLength(3);

    const replaced = await importRoster('SC', rows(mary), { replace: true }, deps);
    expect(replaced).toMatchObject({ imported: 0, unchanged: 1, removed: 2 });
    expect((await rosters.loadRosters()).get('SC')?.map((e) => e.personId)).toEqual(['9449305552']);
  });

  it('gives a person another roster holds the same id, on a confident match only', async () => {
    await importRoster('GP', rows({ ...amir, local_id: '' }), { replace: false }, deps);
    await importRoster(
      'SC',
      rows({ ...amir, local_id: 'SC:77' }, { ...zaid, given_name: 'Zain' }),
      { replace: false },
      deps,
    );

    const gp = (await rosters.loadRosters()).get('GP') ?? [];
    const sc = (await rosters.loadRosters()).get('SC') ?? [];
    expect(sc[0]?.personId).toBe(gp[0]?.personId);
    expect(sc[1]?.personId).not.toBe(gp[0]?.personId);
  });

  it('rejects a second row for the same person', async () => {
    const summary = await importRoster(
      'GP',
      rows(mary, { ...mary, postcode: 'WA1 1AA' }),
      { replace: false },
      deps,
    );

    expect(summary.rejected).toEqual([{ line: 3, reason: 'the same person as line 2' }]);
  });
});

describe('NHS numbers held for someone else', () => {
  // Alice's row carries Mary O'Brien's NHS number: a typing slip.
  const aliceWithMarysNumber = {
    nhs_number: '9449305552',
    family_name: 'Smith',
    given_name: 'Alice',
    birth_date: '1950-01-01',
    sex: 'F',
    local_id: 'A:7',
  };

  it('imports a row whose NHS number another row of the roster holds for someone else, and reports it', async () => {
    const summary = await importRoster('A', rows(mary, aliceWithMarysNumber), { replace: true }, deps);

    expect(summary.conflicts).toEqual([
      { line: 3, reason: 'line 2 has the same NHS number for someone with another name or birth date' },
    ]);
    expect(summary.rejected).toEqual([]);
    expect((await rosters.loadRosters()).get('A')?.map((e) => [e.line, e.given[0]])).toEqual([
      [2, 'Mary'],
      [3, 'Alice'],
    ]);
  });

  it('still rejects the same person twice', async () => {
    const summary = await importRoster(
      'A',
      rows(mary, { ...mary, postcode: 'WA1 1AA' }),
      { replace: true },
      deps,
    );

    expect(summary.rejected).toEqual([{ line: 3, reason: 'the same person as line 2' }]);
    expect(summary.conflicts).toEqual([]);
  });

  it('reports a row whose NHS number another subscriber holds for someone else, without their data', async () => {
    await importRoster('B', rows(mary), { replace: true }, deps);

    const summary = await importRoster('A', rows(aliceWithMarysNumber), { replace: true }, deps);

    expect(summary.conflicts).toEqual([
      {
        line: 2,
        reason: 'another subscriber’s roster has this NHS number for someone with another name or birth date',
      },
    ]);
    expect(JSON.stringify(summary)).not.toMatch(/Mary|O'Brien|1942/);
  });

  it('says nothing when another subscriber holds the same person', async () => {
    await importRoster('B', rows(mary), { replace: true }, deps);

    const summary = await importRoster(
      'A',
      rows({ ...mary, given_name: 'Mary Anne' }),
      { replace: true },
      deps,
    );

    expect(summary.conflicts).toEqual([]);
  });
});
