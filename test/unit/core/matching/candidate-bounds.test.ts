// A large registry is matched without reading most rows: each candidate's score is bounded from
// per-row columns, and only those that could come near the best are read. The bound must never be
// below the score the row would get, whatever the row and the message hold, or a close rival or a
// namesake could go unseen and a match be made that should have been a question.
import { describe, expect, it } from 'vitest';
import { birthDate, nearBirthNumbers } from '../../../../functions/core/matching/fields/birth-date.ts';
import {
  matchPerson,
  type PersonRecord,
  RosterIndex,
  RosterShard,
} from '../../../../functions/core/matching/index.ts';
import { normalisePerson } from '../../../../functions/core/matching/person.ts';
import { weightBounds } from '../../../../functions/core/matching/rules/demographics.ts';
import { compareAll, type MatchContext } from '../../../../functions/core/matching/rules/rule.ts';
import type { Probe } from '../../../../functions/core/matching/types.ts';

/** A small seeded generator (mulberry32): the same people on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// With placeholders (a newborn, someone not yet identified), compared as no name.
const FAMILY = ['Smith', 'Smyth', 'Jones', "O'Brien", 'OBrien', 'Nunez-Garcia', 'Garcia', 'Khan', 'Unknown'];
const GIVEN = [
  'William',
  'Bill',
  'Harry',
  'Henry',
  'Mary',
  'Marie',
  'M',
  'Anne',
  'Katherine',
  'Katie',
  'Baby',
  'Twin 1',
];
// With a pseudo-postcode (no fixed abode), compared as none.
const POSTCODES = ['WA1 1AA', 'WA1 1AB', 'WA2 7AB', 'L1 8JQ', 'ZZ99 3VZ'];
const DATES = [
  '1942-03-17',
  '1942-17-03',
  '1942-03-18',
  '1924-03-17',
  '1942-04-17',
  '1950-01-01',
  '1942-3-17',
  // A placeholder for "not known", compared as none.
  '1900-01-01',
];
const NHS = ['9449305552', '9434765919', '9990548609'];

function someone(next: () => number, i: number): PersonRecord {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const maybe = <T>(value: T) => (next() < 0.85 ? value : undefined);
  const given = [pick(GIVEN), ...(next() < 0.3 ? [pick(GIVEN)] : [])];
  const record: PersonRecord = { personId: `p-${i}`, given: maybe(given) ?? [], localIds: [] };
  const family = maybe(pick(FAMILY));
  if (family !== undefined) record.family = family;
  const birthDate = maybe(pick(DATES));
  if (birthDate !== undefined) record.birthDate = birthDate;
  const sex = maybe(pick(['female', 'male', 'unknown'] as const));
  if (sex !== undefined) record.sex = sex;
  const postcode = maybe(pick(POSTCODES));
  if (postcode !== undefined) record.postcode = postcode;
  if (next() < 0.5) record.nhsNumber = pick(NHS);
  return record;
}

function probeOf(record: PersonRecord): Probe {
  const { personId: _, localIds, ...details } = record;
  return { ...details, identifiers: localIds };
}

describe('candidate bounds', () => {
  const next = random(20261206);
  const rows = Array.from({ length: 400 }, (_, i) => someone(next, i));
  const index = RosterIndex.fromShards([
    RosterShard.decode('A', RosterShard.fromRecords('A', rows.slice(0, 200)).encode()),
    RosterShard.fromRecords('B', rows.slice(200)),
  ]);

  it('never bounds a candidate below the score its row gets', () => {
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const probe = normalisePerson(probeOf(someone(next, 1000 + i)));
      const context: MatchContext = { probe, index, conflicts: [] };
      const bound = weightBounds(context);
      for (const candidate of index.candidatesFor(probe)) {
        const weight = compareAll(context, index.read(candidate)).reduce((sum, e) => sum + e.weight, 0);
        expect(bound(candidate.agreement)).toBeGreaterThanOrEqual(weight - 1e-9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  it('bounds a row that agrees in every column by exactly its score', () => {
    const [mary] = rows.filter(
      (row) => row.family === 'Jones' && row.birthDate === '1942-03-17' && row.postcode,
    );
    if (mary === undefined) throw new Error('the generator made no Jones born 1942-03-17 with a postcode');
    const probe = normalisePerson(probeOf(mary));
    const context: MatchContext = { probe, index, conflicts: [] };
    const own = index.candidatesFor(probe).find((c) => index.read(c).record.personId === mary.personId);
    if (own === undefined) throw new Error('the row was not a candidate for its own details');
    const weight = compareAll(context, index.read(own)).reduce((sum, e) => sum + e.weight, 0);

    expect(weightBounds(context)(own.agreement)).toBeCloseTo(weight, 9);
  });
});

describe('birth dates kept as numbers', () => {
  it('are a swap or a slip of each other exactly when the comparison of their dates says so', () => {
    const next = random(42);
    const digits = (n: number, width: number) => String(n).padStart(width, '0');
    const someDate = () =>
      `${digits(1900 + Math.floor(next() * 120), 4)}-${digits(1 + Math.floor(next() * 12), 2)}-${digits(1 + Math.floor(next() * 28), 2)}`;
    const nearby = (date: string) => {
      const chars = [...date.replace(/-/g, '')];
      const at = Math.floor(next() * 8);
      if (next() < 0.5) chars[at] = String(Math.floor(next() * 10));
      else if (at < 7) [chars[at], chars[at + 1]] = [chars[at + 1] as string, chars[at] as string];
      const text = chars.join('');
      return next() < 0.2
        ? `${date.slice(0, 4)}-${date.slice(8)}-${date.slice(5, 7)}`
        : `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
    };
    let near = 0;
    const stats = RosterIndex.fromRecords([]);
    for (let i = 0; i < 20_000; i++) {
      const a = someDate();
      const b = next() < 0.7 ? nearby(a) : someDate();
      // A date before 1901 is a placeholder, compared as none (the columns keep it as none too).
      if (a === b || a < '1901' || b < '1901') continue;
      const { agreement } = birthDate(
        normalisePerson({ given: [], identifiers: [], birthDate: a }),
        normalisePerson({ given: [], identifiers: [], birthDate: b }),
        stats,
      );
      const expected = agreement === 'swapped' || agreement === 'slip';
      if (expected) near++;
      expect(nearBirthNumbers(Number(a.replace(/-/g, '')), Number(b.replace(/-/g, ''))), `${a} ${b}`).toBe(
        expected,
      );
    }
    expect(near).toBeGreaterThan(5_000);
  });
});

describe('a roster shard stored before its columns', () => {
  it('is still read, its columns made from its rows, and matches as the new form does', () => {
    const next = random(7);
    const records = Array.from({ length: 120 }, (_, i) => someone(next, i));
    const current = RosterShard.fromRecords('A', records).encode();
    const header = new Uint32Array(current.buffer, 0, 6);
    const [, size, textLength, entries, frequencyLength] = header as unknown as number[];
    // The older form: the same bytes without the columns, under the older magic number.
    const columnsAt =
      24 + (((textLength as number) + 3) & ~3) + 4 * ((size as number) + 1) + 8 * (entries as number);
    const frequencies = current.subarray(current.byteLength - (frequencyLength as number));
    const older = new Uint8Array(columnsAt + frequencies.byteLength);
    older.set(current.subarray(0, columnsAt));
    older.set(frequencies, columnsAt);
    new Uint32Array(older.buffer, 0, 1)[0] = 0x32544441;

    const fromOlder = RosterIndex.fromShards([RosterShard.decode('A', older)]);
    const fromCurrent = RosterIndex.fromShards([RosterShard.decode('A', current)]);

    for (let i = 0; i < 200; i++) {
      const probe = probeOf(someone(next, 500 + i));
      expect(fromOlder.candidatesFor(normalisePerson(probe))).toEqual(
        fromCurrent.candidatesFor(normalisePerson(probe)),
      );
      expect(matchPerson(probe, fromOlder)).toEqual(matchPerson(probe, fromCurrent));
    }
  });
});
