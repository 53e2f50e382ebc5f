// The compact roster shard: stored as bytes and loaded back with nothing lost, found by every key
// the matcher looks up, and an index over shards that answers as one over the same records.
import { describe, expect, it } from 'vitest';
import {
  matchPerson,
  type PersonRecord,
  type Probe,
  RosterIndex,
  RosterShard,
} from '../../../../functions/core/matching/index.ts';
import { MergedLookup } from '../../../../functions/core/matching/merged-lookup.ts';
import { normalisePerson } from '../../../../functions/core/matching/person.ts';
import { keyHash } from '../../../../functions/core/matching/roster-shard.ts';

const MARY: PersonRecord = {
  personId: '9449305552',
  line: 2,
  nhsNumber: '9449305552',
  family: "O'Brien",
  given: ['Mary', 'Anne'],
  birthDate: '1942-03-17',
  sex: 'female',
  postcode: 'WA1 1AA',
  localIds: ['SC:100239'],
};
const ZOË: PersonRecord = {
  personId: 'p-zoe',
  line: 3,
  family: 'Núñez-García',
  given: ['Zoë'],
  birthDate: '1961-01-01',
  localIds: [],
};
const SPARSE: PersonRecord = { personId: 'p-sparse', given: [], localIds: [] };

describe('RosterShard', () => {
  it('comes back from its bytes with every record as it was, in order, naming its subscriber', () => {
    const bytes = RosterShard.fromRecords('SC', [MARY, ZOË, SPARSE]).encode();

    const shard = RosterShard.decode('SC', bytes);

    expect(shard.size).toBe(3);
    expect([...shard.records()]).toEqual([
      { ...MARY, subscriberId: 'SC' },
      { ...ZOË, subscriberId: 'SC' },
      { ...SPARSE, subscriberId: 'SC' },
    ]);
  });

  it('loads from bytes that do not start on a 4-byte boundary (a slice of a larger buffer)', () => {
    const bytes = RosterShard.fromRecords('SC', [MARY]).encode();
    const offset = new Uint8Array(bytes.byteLength + 1);
    offset.set(bytes, 1);

    const shard = RosterShard.decode('SC', offset.subarray(1));

    expect([...shard.records()]).toEqual([{ ...MARY, subscriberId: 'SC' }]);
  });

  it('refuses bytes that are not a shard, or a shard cut short', () => {
    const bytes = RosterShard.fromRecords('SC', [MARY, ZOË]).encode();
    expect(() => RosterShard.decode('SC', new Uint8Array(64))).toThrow(/not a roster shard/);
    expect(() => RosterShard.decode('SC', bytes.subarray(0, bytes.byteLength - 5))).toThrow();
  });

  it('keeps the counts of family names, given names and postcodes, normalised', () => {
    const shard = RosterShard.fromRecords('SC', [MARY, { ...ZOË, postcode: 'WA1 1AA' }]);
    const { family, given, postcode } = shard.frequencies();
    expect(new Map(family)).toEqual(
      new Map([
        ['OBRIEN', 1],
        ['NUNEZGARCIA', 1],
      ]),
    );
    expect(new Map(given)).toEqual(
      new Map([
        ['MARY', 1],
        ['ZOE', 1],
      ]),
    );
    expect(new Map(postcode)).toEqual(new Map([['WA1 1AA', 2]]));
  });

  it('finds rows by a hash and leaves the key check to the caller (a hash may be shared)', () => {
    const shard = RosterShard.fromRecords('SC', [MARY, ZOË]);
    expect(shard.rowsWithHash(keyHash('person:p-zoe'))).toEqual([1]);
    expect(shard.rowsWithHash(keyHash('person:nobody'))).toEqual([]);
    expect(shard.find('person:p-zoe', ({ record }) => record.personId === 'nobody')).toEqual([]);
  });
});

describe('RosterIndex over shards', () => {
  const a = [MARY, ZOË].map((r) => ({ ...r, subscriberId: 'A' }));
  const b = [{ ...MARY, line: 9, localIds: ['GP:7'], subscriberId: 'B' }];
  const index = RosterIndex.fromRecords([...a, ...b]);

  it('finds a person on every roster, by NHS number, local id and person id, in roster order', () => {
    const where = (found: { record: PersonRecord }[]) =>
      found.map(({ record }) => `${record.subscriberId}:${record.line}`);
    expect(where(index.withNhsNumber('9449305552'))).toEqual(['A:2', 'B:9']);
    expect(where(index.withPersonId('9449305552'))).toEqual(['A:2', 'B:9']);
    expect(where(index.withIdentifier('GP:7'))).toEqual(['B:9']);
    expect(where(index.withIdentifier('SC:100239'))).toEqual(['A:2']);
    expect(index.size).toBe(3);
  });

  it('counts values across every roster', () => {
    const one = RosterIndex.fromRecords(a);
    expect(index.familyFrequency('OBRIEN')).toBeGreaterThan(one.familyFrequency('OBRIEN'));
  });

  it('matches the same from bytes as from records', () => {
    const fromBytes = RosterIndex.fromShards([
      RosterShard.decode('A', RosterShard.fromRecords('A', a).encode()),
      RosterShard.decode('B', RosterShard.fromRecords('B', b).encode()),
    ]);
    const probe: Probe = {
      family: 'OBrien',
      given: ['Mary'],
      birthDate: '1942-03-17',
      sex: 'female',
      postcode: 'WA1 1AA',
      identifiers: [],
    };
    expect(matchPerson(probe, fromBytes)).toEqual(matchPerson(probe, index));
    expect(matchPerson(probe, fromBytes).outcome).toBe('matched');
  });

  it('replaces one subscriber’s shard and leaves the others, and the learned numbers, as they were', () => {
    const learned = RosterIndex.fromRecords([...a, ...b]);
    learned.learnIdentifier('RBN|MR:1', 'p-zoe');

    const replaced = learned.withShards(new Map([['B', undefined]]));

    expect(replaced.size).toBe(2);
    expect(replaced.withIdentifier('GP:7')).toEqual([]);
    expect(replaced.learnedPersonId('RBN|MR:1')).toBe('p-zoe');
    expect(replaced.familyFrequency('OBRIEN')).toBe(RosterIndex.fromRecords(a).familyFrequency('OBRIEN'));
    expect(learned.withIdentifier('GP:7')).toHaveLength(1);
  });
});

describe('uploads after the registry was loaded', () => {
  // Twenty rosters of the same people under other subscribers, each a shard; then uploads.
  const people = (subscriberId: string, line: number): PersonRecord[] => [
    { ...MARY, subscriberId, line, localIds: [`${subscriberId}:${line}`] },
    { ...ZOË, subscriberId, line: line + 1, localIds: [] },
  ];
  const ids = Array.from({ length: 20 }, (_, i) => `S${String(i).padStart(2, '0')}`);
  const shardOf = (id: string, line = 2) => RosterShard.fromRecords(id, people(id, line));
  const probe: Probe = { family: 'Nunez Garcia', given: ['Zoe'], birthDate: '1961-01-01', identifiers: [] };
  const answers = (index: RosterIndex) => ({
    byNhs: index.withNhsNumber('9449305552').map(({ record }) => `${record.subscriberId}:${record.line}`),
    byLocalId: index.withIdentifier('S03:40').map(({ record }) => record.subscriberId),
    match: matchPerson(probe, index),
    candidates: index.candidatesFor(normalisePerson(probe)).length,
  });

  it('answers as an index loaded afresh, one upload or many (the merged table made again)', () => {
    let index = RosterIndex.fromShards(ids.map((id) => shardOf(id)));
    const now = new Map(ids.map((id) => [id, shardOf(id)]));
    for (const [round, id] of [...ids, 'S03', 'S99'].entries()) {
      const uploaded = round % 5 === 4 ? undefined : shardOf(id, 40);
      index = index.withShards(new Map([[id, uploaded]]));
      if (uploaded === undefined) now.delete(id);
      else now.set(id, uploaded);
      const afresh = RosterIndex.fromShards([...now.keys()].sort().map((key) => now.get(key) as RosterShard));
      expect(answers(index), `after upload ${round + 1} (${id})`).toEqual(answers(afresh));
    }
  });
});

describe('MergedLookup', () => {
  it('finds every entry of a key, in shard then row order, as asking each shard’s table in turn does', () => {
    // Sixty shards of the same people, so that every key has entries in many shards.
    const shards = Array.from({ length: 60 }, (_, i) => {
      const id = `M${String(i).padStart(2, '0')}`;
      const rows = Array.from({ length: 1 + (i % 7) }, (_, row) => ({
        ...(row % 2 === 0 ? MARY : ZOË),
        subscriberId: id,
        line: row + 2,
        localIds: [`${id}:${row}`, 'SHARED:1'],
      }));
      return RosterShard.fromRecords(id, rows);
    });
    const expected = new Map<number, [number, number][]>();
    for (const [position, shard] of shards.entries()) {
      const { hashes, rows } = shard.lookupTable();
      for (let i = 0; i < hashes.length; i++) {
        const hash = hashes[i] as number;
        expected.set(hash, [...(expected.get(hash) ?? []), [position, rows[i] as number]]);
      }
    }

    const merged = MergedLookup.of(shards);

    expect(expected.size).toBeGreaterThan(60);
    for (const [hash, entries] of expected) {
      const found: [number, number][] = [];
      merged.forEach(hash, (position, row) => found.push([position, row]));
      expect(found, `hash ${hash}`).toEqual(entries);
    }
    const unknown = keyHash('NO SUCH KEY');
    const none: number[] = [];
    merged.forEach(unknown, (position) => none.push(position));
    expect(expected.has(unknown) ? 'collision' : none).toEqual([]);
  });
});
