// One subscriber's roster, compact and prebuilt for matching: its rows as one UTF-8 block (a JSON
// array per line), a sorted table of 32-bit hashes of every look-up key (NHS number, local ids,
// person id, blocking keys) with the row each came from, per-row columns that let a look-up judge a
// row without reading it, and the counts of family names, given names and postcodes. Built once when the roster is imported (`fromRecords`, then `encode`) and
// loaded by each container in one read (`decode`) with no per-row work: a row becomes a record only
// when a look-up finds it. A roster upload replaces its own shard; the others stay as they are.

import { isPseudoPostcode } from '../normalise/postcode.ts';
import { blockingKeys } from './blocking.ts';
import { nearBirthNumbers } from './fields/birth-date.ts';
import { isPlaceholderFamilyKey, isPlaceholderGivenName } from './names.ts';
import { type NormalisedNames, type NormalisedPerson, normaliseNames, normalisePerson } from './person.ts';
import type { PersonRecord } from './types.ts';

/** A roster record with its normalised form, as the rules compare it. */
export interface IndexedRecord {
  record: PersonRecord;
  person: NormalisedPerson;
}

/** Value counts of a roster, for the weight of an agreement (a shared rare name proves more). */
export interface ShardFrequencies {
  family: [string, number][];
  given: [string, number][];
  postcode: [string, number][];
}

/** 'ADT3', little-endian: rows, look-up table, per-row columns, counts. */
const MAGIC = 0x33544441;
/** 'ADT2': the same without the columns (made before them), still read: columns made at load. */
const MAGIC_WITHOUT_COLUMNS = 0x32544441;
const HEADER_BYTES = 24;

/**
 * How a row compares with a probe as far as its columns tell, three bits a field: 0 when either
 * side lacks the value, 1 the same, 2 another; for a postcode, 2 in the same district and 3
 * elsewhere; for a birth date, 2 a swap or a slip, 3 neither, 4 not kept as a number (compare the
 * row). An NHS number kept as a hash is "the same" when the hashes are.
 */
export const COLUMN_SHIFT = { family: 0, given: 3, birth: 6, postcode: 9, sex: 12, nhs: 15 } as const;
export const COLUMN_MASK = 7;

/** A probe's values as the columns are compared: global ids of its values (-1: held nowhere), hashes. */
export interface ProbeColumns {
  family?: number;
  given?: number;
  postcode?: number;
  outward?: number;
  birth?: number;
  nhs?: number;
  sex?: number;
}

/**
 * What a candidate's score can be bounded by without reading its row: per row, its family name,
 * first given name and postcode as positions in the shard's counts (1-based, 0 for none), its birth
 * date as yyyymmdd, hashes of its NHS number and person id, and flags. A look-up meets hundreds of
 * rows in a large registry (common names, a care home); most cannot come near the best, and these
 * say so for a few bytes each.
 */
interface Columns {
  family: Uint32Array;
  given: Uint32Array;
  postcode: Uint32Array;
  birth: Uint32Array;
  nhs: Uint32Array;
  person: Uint32Array;
  flags: Uint8Array;
}
const COLUMN_NAMES = ['family', 'given', 'postcode', 'birth', 'nhs', 'person'] as const;
const FLAG = { female: 1, male: 2, birthUnread: 8 } as const;

/** `1942-03-17` as 19420317; undefined when it is not a date in that form. */
function birthNumber(date: string): number | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.replace(/-/g, '')) : undefined;
}

/** A birth column's number, or 0 for a placeholder a shard stored before they were read as none. */
function knownBirth(n: number): number {
  return n !== 0 && n < 19010101 ? 0 : n;
}

function birthText(n: number): string {
  const digits = String(n).padStart(8, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
}

/**
 * One number per distinct family key, first given name, postcode and district across every shard a
 * process has compared (from 1), so a probe is looked up once, not once per roster it meets.
 */
const VALUE_IDS = {
  family: new Map<string, number>(),
  given: new Map<string, number>(),
  postcode: new Map<string, number>(),
  outward: new Map<string, number>(),
};

function valueId(field: keyof typeof VALUE_IDS, value: string): number {
  const ids = VALUE_IDS[field];
  let id = ids.get(value);
  if (id === undefined) {
    id = ids.size + 1;
    ids.set(value, id);
  }
  return id;
}

/** A value's global id: undefined for no value, -1 for one no shard holds. */
function knownValueId(field: keyof typeof VALUE_IDS, value: string | undefined): number | undefined {
  return value === undefined ? undefined : (VALUE_IDS[field].get(value) ?? -1);
}

/** A probe's values as the columns are compared (`RosterShard.columnAgreement`). */
export function probeColumns(probe: NormalisedPerson): ProbeColumns {
  const birth = probe.birthDate === undefined ? undefined : birthNumber(probe.birthDate);
  return {
    family: knownValueId('family', probe.familyKey),
    given: knownValueId('given', probe.givenNames[0]),
    postcode: knownValueId('postcode', probe.postcode),
    outward: knownValueId('outward', probe.outward),
    birth: probe.birthDate === undefined ? undefined : (birth ?? -1),
    nhs: probe.nhsNumber === undefined ? undefined : presentHash(probe.nhsNumber),
    sex: probe.sex === 'female' ? FLAG.female : probe.sex === 'male' ? FLAG.male : undefined,
  };
}

/**
 * Whether a counted value is read as none: a pseudo-postcode, a placeholder name (counted by shards
 * stored before they were read so).
 */
function isNoValue(field: 'family' | 'given' | 'postcode' | 'outward', value: string): boolean {
  if (field === 'postcode') return isPseudoPostcode(value);
  if (field === 'given') return isPlaceholderGivenName(value);
  return field === 'family' && isPlaceholderFamilyKey(value);
}

/** The value at a 1-based position in a shard's counts (0: none). */
function valueAt(list: readonly (string | undefined)[], position: number): string | undefined {
  return position === 0 ? undefined : list[position - 1];
}

/** A probe's value against a row's column: 0 when either lacks it, 1 the same, 2 another. */
function columnSame(mine: number | undefined, theirs: number): number {
  return mine === undefined || theirs === 0 ? 0 : mine === theirs ? 1 : 2;
}

/** A hash that is never 0 (0 is "none" in a column). */
function presentHash(key: string): number {
  return keyHash(key) || 1;
}

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('roster shards are little-endian; this platform is not');
}

/** FNV-1a over UTF-16 code units: fast, and a collision only costs a look-up a wasted row. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The keys a record is found by, besides its blocking keys. */
export const lookupKey = {
  nhsNumber: (nhsNumber: string) => `nhs:${nhsNumber}`,
  identifier: (identifier: string) => `id:${identifier}`,
  personId: (personId: string) => `person:${personId}`,
} as const;

function keysOf(record: PersonRecord, person: NormalisedPerson): string[] {
  const keys = [lookupKey.personId(record.personId), ...blockingKeys(person)];
  if (person.nhsNumber !== undefined) keys.push(lookupKey.nhsNumber(person.nhsNumber));
  for (const id of person.identifiers) keys.push(lookupKey.identifier(id));
  return keys;
}

/** presentHash of an NHS number or a person id, as the columns keep them. */
export const columnHash = presentHash;

export function indexedRecord(record: PersonRecord, names = normaliseNames(record)): IndexedRecord {
  const person = normalisePerson({ ...record, identifiers: record.localIds }, names);
  return { record, person };
}

/** A row as stored: its fields in a fixed order, null when absent (subscriberId is the shard's). */
type Row = [
  personId: string,
  nhsNumber: string | null,
  family: string | null,
  given: string[],
  birthDate: string | null,
  sex: PersonRecord['sex'] | null,
  postcode: string | null,
  localIds: string[],
  line: number | null,
  /** The names normalised (normaliseNames), so a row found needs no Unicode work. */
  normalisedFamily: string,
  normalisedGiven: string[],
];

// Every field of a PersonRecord but the shard's subscriberId is in a Row: a field added to one and
// not the other fails to compile here.
type StoredFields = Exclude<keyof PersonRecord, 'subscriberId'>;
const ROW_FIELDS = {
  personId: 0,
  nhsNumber: 1,
  family: 2,
  given: 3,
  birthDate: 4,
  sex: 5,
  postcode: 6,
  localIds: 7,
  line: 8,
} as const satisfies Record<StoredFields, number>;

function rowOf(record: PersonRecord, names: NormalisedNames): Row {
  return [
    record.personId,
    record.nhsNumber ?? null,
    record.family ?? null,
    record.given,
    record.birthDate ?? null,
    record.sex ?? null,
    record.postcode ?? null,
    record.localIds,
    record.line ?? null,
    names.family,
    names.givenNames,
  ];
}

function recordOf(row: Row, subscriberId: string | undefined): PersonRecord {
  const at = <K extends StoredFields>(field: K) => row[ROW_FIELDS[field]];
  const record: PersonRecord = {
    personId: at('personId') as string,
    given: at('given') as string[],
    localIds: at('localIds') as string[],
  };
  if (at('line') !== null) record.line = at('line') as number;
  if (subscriberId !== undefined) record.subscriberId = subscriberId;
  if (at('nhsNumber') !== null) record.nhsNumber = at('nhsNumber') as string;
  if (at('family') !== null) record.family = at('family') as string;
  if (at('birthDate') !== null) record.birthDate = at('birthDate') as string;
  if (at('sex') !== null) record.sex = at('sex') as PersonRecord['sex'];
  if (at('postcode') !== null) record.postcode = at('postcode') as string;
  return record;
}

/** Counts a value; its position in the counts (1-based), or 0 for none. */
function countInto(
  counts: Map<string, number>,
  positions: Map<string, number>,
  key: string | undefined,
): number {
  if (key === undefined) return 0;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  let position = positions.get(key);
  if (position === undefined) {
    position = positions.size + 1;
    positions.set(key, position);
  }
  return position;
}

function emptyColumns(size: number): Columns {
  return {
    family: new Uint32Array(size),
    given: new Uint32Array(size),
    postcode: new Uint32Array(size),
    birth: new Uint32Array(size),
    nhs: new Uint32Array(size),
    person: new Uint32Array(size),
    flags: new Uint8Array(size),
  };
}

/** One row's columns, from its record (and the positions of its values in the counts). */
function fillColumns(
  columns: Columns,
  row: number,
  record: PersonRecord,
  person: NormalisedPerson,
  positions: { family: number; given: number; postcode: number },
): void {
  columns.family[row] = positions.family;
  columns.given[row] = positions.given;
  columns.postcode[row] = positions.postcode;
  const birth = person.birthDate === undefined ? 0 : birthNumber(person.birthDate);
  columns.birth[row] = birth ?? 0;
  columns.nhs[row] = person.nhsNumber === undefined ? 0 : presentHash(person.nhsNumber);
  columns.person[row] = presentHash(record.personId);
  columns.flags[row] =
    (person.sex === 'female' ? FLAG.female : person.sex === 'male' ? FLAG.male : 0) |
    (birth === undefined ? FLAG.birthUnread : 0);
}

const encoder = new TextEncoder();
/** What most look-ups find in most shards: shared, so that finding nothing makes nothing. */
const NO_ROWS: readonly number[] = Object.freeze([]);
const decoder = new TextDecoder();

/**
 * Records made from rows are kept (a look-up finds the same few rows again and again), up to this
 * many across every shard; then all are let go at once. Nothing relies on getting the same object
 * twice: callers tell records apart by shard and row.
 */
const CACHED_RECORDS = 100_000;
let cachedRecords = 0;
const caching = new Set<RosterShard>();

export class RosterShard {
  private readonly cache = new Map<number, IndexedRecord>();
  private parsedFrequencies: ShardFrequencies | undefined;
  /** The counts' values in order, for the columns' positions; made on first use. */
  private values:
    | { family: (string | undefined)[]; given: (string | undefined)[]; postcode: (string | undefined)[] }
    | undefined;
  /** Each position's value as a global id (valueId), and each postcode's district; made on first use. */
  private global:
    | { family: Uint32Array; given: Uint32Array; postcode: Uint32Array; outwardOfPostcode: Uint32Array }
    | undefined;

  private constructor(
    readonly subscriberId: string | undefined,
    readonly size: number,
    private readonly text: Uint8Array,
    /** Where each row starts in `text`; one more entry for the end of the last. */
    private readonly starts: Uint32Array,
    /** Sorted: each look-up key's hash, beside the row it came from (`rows`). */
    private readonly hashes: Uint32Array,
    private readonly rows: Uint32Array,
    private readonly frequencyText: Uint8Array,
    private columns: Columns | undefined,
  ) {}

  /** A shard built from records (an import, a test): every row normalised once, here. */
  static fromRecords(subscriberId: string | undefined, records: readonly PersonRecord[]): RosterShard {
    const lines: Uint8Array[] = [];
    const starts = new Uint32Array(records.length + 1);
    const entries: number[] = [];
    const family = new Map<string, number>();
    const given = new Map<string, number>();
    const postcode = new Map<string, number>();
    const positions = { family: new Map<string, number>(), given: new Map(), postcode: new Map() };
    const columns = emptyColumns(records.length);
    let offset = 0;
    for (const [row, record] of records.entries()) {
      const names = normaliseNames(record);
      const line = encoder.encode(`${JSON.stringify(rowOf(record, names))}\n`);
      lines.push(line);
      starts[row] = offset;
      offset += line.byteLength;
      const { person } = indexedRecord(record, names);
      for (const key of new Set(keysOf(record, person))) entries.push(keyHash(key), row);
      fillColumns(columns, row, record, person, {
        family: countInto(family, positions.family, person.familyKey),
        given: countInto(given, positions.given, person.givenNames[0]),
        postcode: countInto(postcode, positions.postcode, person.postcode),
      });
    }
    starts[records.length] = offset;
    const text = new Uint8Array(offset);
    let at = 0;
    for (const line of lines) {
      text.set(line, at);
      at += line.byteLength;
    }
    // Sorted by hash, then row: a look-up's rows come out in roster order.
    const order = Array.from({ length: entries.length / 2 }, (_, i) => i).sort(
      (a, b) => (entries[2 * a] as number) - (entries[2 * b] as number) || a - b,
    );
    const hashes = new Uint32Array(order.length);
    const rows = new Uint32Array(order.length);
    for (const [i, entry] of order.entries()) {
      hashes[i] = entries[2 * entry] as number;
      rows[i] = entries[2 * entry + 1] as number;
    }
    const frequencies: ShardFrequencies = { family: [...family], given: [...given], postcode: [...postcode] };
    return new RosterShard(
      subscriberId,
      records.length,
      text,
      starts,
      hashes,
      rows,
      encoder.encode(JSON.stringify(frequencies)),
      columns,
    );
  }

  /** The shard as bytes, for storage: header, rows, row starts, hashes, rows of hashes, columns, counts. */
  encode(): Uint8Array {
    const pad = (n: number) => (n + 3) & ~3;
    const textBytes = pad(this.text.byteLength);
    const columns = this.columnsOf();
    const total =
      HEADER_BYTES +
      textBytes +
      4 * this.starts.length +
      8 * this.hashes.length +
      4 * COLUMN_NAMES.length * this.size +
      pad(this.size) +
      this.frequencyText.byteLength;
    const bytes = new Uint8Array(total);
    const header = new Uint32Array(bytes.buffer, 0, HEADER_BYTES / 4);
    header.set([MAGIC, this.size, this.text.byteLength, this.hashes.length, this.frequencyText.byteLength]);
    let at = HEADER_BYTES;
    bytes.set(this.text, at);
    at += textBytes;
    new Uint32Array(bytes.buffer, at, this.starts.length).set(this.starts);
    at += 4 * this.starts.length;
    new Uint32Array(bytes.buffer, at, this.hashes.length).set(this.hashes);
    at += 4 * this.hashes.length;
    new Uint32Array(bytes.buffer, at, this.rows.length).set(this.rows);
    at += 4 * this.rows.length;
    for (const name of COLUMN_NAMES) {
      new Uint32Array(bytes.buffer, at, this.size).set(columns[name]);
      at += 4 * this.size;
    }
    bytes.set(columns.flags, at);
    at += pad(this.size);
    bytes.set(this.frequencyText, at);
    return bytes;
  }

  /** A shard from its bytes, as stored: views onto them, nothing per row. */
  static decode(subscriberId: string | undefined, stored: Uint8Array): RosterShard {
    // Typed-array views need 4-byte alignment; a buffer sliced from a larger one may not have it.
    const bytes = stored.byteOffset % 4 === 0 ? stored : stored.slice();
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_BYTES / 4);
    const [magic, size, textLength, entries, frequencyLength] = header as unknown as number[];
    if (magic !== MAGIC && magic !== MAGIC_WITHOUT_COLUMNS)
      throw new Error('not a roster shard (or one of another version)');
    let at = bytes.byteOffset + HEADER_BYTES;
    const text = new Uint8Array(bytes.buffer, at, textLength);
    at += ((textLength as number) + 3) & ~3;
    const starts = new Uint32Array(bytes.buffer, at, (size as number) + 1);
    at += 4 * ((size as number) + 1);
    const hashes = new Uint32Array(bytes.buffer, at, entries);
    at += 4 * (entries as number);
    const rows = new Uint32Array(bytes.buffer, at, entries);
    at += 4 * (entries as number);
    let columns: Columns | undefined;
    if (magic === MAGIC) {
      const column = () => {
        const values = new Uint32Array(bytes.buffer, at, size);
        at += 4 * (size as number);
        return values;
      };
      const [family, given, postcode, birth, nhs, person] = COLUMN_NAMES.map(column) as Uint32Array[];
      const flags = new Uint8Array(bytes.buffer, at, size);
      at += ((size as number) + 3) & ~3;
      columns = { family, given, postcode, birth, nhs, person, flags } as Columns;
    }
    const frequencyText = new Uint8Array(bytes.buffer, at, frequencyLength);
    if (at + (frequencyLength as number) !== bytes.byteOffset + bytes.byteLength) {
      throw new Error('a roster shard of the wrong length: truncated or corrupt');
    }
    return new RosterShard(subscriberId, size as number, text, starts, hashes, rows, frequencyText, columns);
  }

  frequencies(): ShardFrequencies {
    this.parsedFrequencies ??= JSON.parse(decoder.decode(this.frequencyText)) as ShardFrequencies;
    return this.parsedFrequencies;
  }

  /** The columns; for a shard stored before them, made once from its rows. */
  private columnsOf(): Columns {
    if (this.columns !== undefined) return this.columns;
    const { family, given, postcode } = this.frequencies();
    const positionsOf = (counts: [string, number][]) => new Map(counts.map(([value], i) => [value, i + 1]));
    const positions = {
      family: positionsOf(family),
      given: positionsOf(given),
      postcode: positionsOf(postcode),
    };
    const columns = emptyColumns(this.size);
    for (let row = 0; row < this.size; row++) {
      // Read past the cache: every row once would only push out the rows look-ups keep finding.
      const { record, person } = this.read(row);
      const position = (map: Map<string, number>, key: string | undefined) =>
        key === undefined ? 0 : (map.get(key) ?? 0);
      fillColumns(columns, row, record, person, {
        family: position(positions.family, person.familyKey),
        given: position(positions.given, person.givenNames[0]),
        postcode: position(positions.postcode, person.postcode),
      });
    }
    this.columns = columns;
    return columns;
  }

  /** Gives this shard's values their global ids (`valueId`), before a probe's are looked up. */
  prepareColumns(): void {
    this.globalIds();
  }

  /** Global ids (`valueId`) of the values at each position in this shard's counts; made on first use. */
  private globalIds(): NonNullable<typeof this.global> {
    if (this.global === undefined) {
      const { family, given, postcode } = this.frequencies();
      // A shard stored before pseudo-postcodes and placeholder names were read as none may count
      // them: 0, as no value.
      const ids = (field: keyof typeof VALUE_IDS, counts: [string, number][]) => {
        const out = new Uint32Array(counts.length + 1);
        for (const [i, [value]] of counts.entries())
          if (!isNoValue(field, value)) out[i + 1] = valueId(field, value);
        return out;
      };
      const outwardOfPostcode = new Uint32Array(postcode.length + 1);
      for (const [i, [value]] of postcode.entries())
        if (!isPseudoPostcode(value))
          outwardOfPostcode[i + 1] = valueId('outward', value.split(' ')[0] as string);
      this.global = {
        family: ids('family', family),
        given: ids('given', given),
        postcode: ids('postcode', postcode),
        outwardOfPostcode,
      };
    }
    return this.global;
  }

  /** How a row compares with a probe, field by field, from its columns alone (COLUMN_SHIFT). */
  columnAgreement(row: number, probe: ProbeColumns): number {
    const columns = this.columnsOf();
    const global = this.globalIds();
    const same = columnSame;
    const flags = columns.flags[row] as number;
    const postcodePosition = columns.postcode[row] as number;
    let postcodeAgreement = 0;
    if (probe.postcode !== undefined && postcodePosition !== 0 && global.postcode[postcodePosition] !== 0) {
      if (probe.postcode === global.postcode[postcodePosition]) postcodeAgreement = 1;
      else postcodeAgreement = probe.outward === global.outwardOfPostcode[postcodePosition] ? 2 : 3;
    }
    // A birth date either side could not keep as a number is compared only from the row.
    const birth = knownBirth(columns.birth[row] as number);
    let birthAgreement = same(probe.birth, birth);
    if (probe.birth !== undefined && (flags & FLAG.birthUnread || probe.birth === -1)) birthAgreement = 4;
    else if (birthAgreement === 2 && !nearBirthNumbers(probe.birth as number, birth)) birthAgreement = 3;
    return (
      (same(probe.family, global.family[columns.family[row] as number] as number) << COLUMN_SHIFT.family) |
      (same(probe.given, global.given[columns.given[row] as number] as number) << COLUMN_SHIFT.given) |
      (birthAgreement << COLUMN_SHIFT.birth) |
      (postcodeAgreement << COLUMN_SHIFT.postcode) |
      (same(probe.sex, flags & (FLAG.female | FLAG.male)) << COLUMN_SHIFT.sex) |
      (same(probe.nhs, columns.nhs[row] as number) << COLUMN_SHIFT.nhs)
    );
  }

  /** The sorted hashes of its look-up keys and the row of each, for merging with other shards'. */
  lookupTable(): { hashes: Uint32Array; rows: Uint32Array } {
    return { hashes: this.hashes, rows: this.rows };
  }

  /** presentHash of a row's person id, from its column. */
  personHash(row: number): number {
    return this.columnsOf().person[row] as number;
  }

  /**
   * A row as far as its columns tell, without reading it: its family key, first given name, birth
   * date, sex and postcode as the comparisons use them (no other given names, no identifiers).
   */
  sketch(row: number): NormalisedPerson {
    const columns = this.columnsOf();
    if (this.values === undefined) {
      const { family, given, postcode } = this.frequencies();
      const first = (field: 'family' | 'given' | 'postcode', counts: [string, number][]) =>
        counts.map(([value]) => (isNoValue(field, value) ? undefined : value));
      this.values = {
        family: first('family', family),
        given: first('given', given),
        postcode: first('postcode', postcode),
      };
    }
    const values = this.values;
    const at = valueAt;
    const flags = columns.flags[row] as number;
    const familyKey = at(values.family, columns.family[row] as number);
    const given = at(values.given, columns.given[row] as number);
    const birth = knownBirth(columns.birth[row] as number);
    const person: NormalisedPerson = {
      familyParts: familyKey === undefined ? [] : [familyKey],
      givenNames: given === undefined ? [] : [given],
      identifiers: [],
    };
    if (familyKey !== undefined) person.familyKey = familyKey;
    if (birth !== 0) person.birthDate = birthText(birth);
    if (flags & FLAG.female) person.sex = 'female';
    else if (flags & FLAG.male) person.sex = 'male';
    const postcode = at(values.postcode, columns.postcode[row] as number);
    if (postcode !== undefined) {
      person.postcode = postcode;
      person.outward = postcode.split(' ')[0];
    }
    return person;
  }

  /** The row's record, normalised; the same object while it stays in the cache. */
  at(row: number): IndexedRecord {
    const cached = this.cache.get(row);
    if (cached !== undefined) return cached;
    if (cachedRecords >= CACHED_RECORDS) {
      for (const shard of caching) shard.cache.clear();
      caching.clear();
      cachedRecords = 0;
    }
    caching.add(this);
    cachedRecords++;
    const indexed = this.read(row);
    this.cache.set(row, indexed);
    return indexed;
  }

  /** The row's record, normalised from its stored names, outside the cache. */
  private read(row: number): IndexedRecord {
    const stored = this.row(row);
    return indexedRecord(recordOf(stored, this.subscriberId), { family: stored[9], givenNames: stored[10] });
  }

  private row(row: number): Row {
    const line = decoder.decode(this.text.subarray(this.starts[row], (this.starts[row + 1] as number) - 1));
    return JSON.parse(line) as Row;
  }

  /** Every record, in roster order (for an import's view of the roster it replaces). */
  *records(): Generator<PersonRecord> {
    for (let row = 0; row < this.size; row++) yield recordOf(this.row(row), this.subscriberId);
  }

  /**
   * Where each run of hashes starting with the same top bits begins in `hashes` (one more entry for
   * the end): a look-up reads one entry of it and scans a few hashes, where a binary search of a
   * large shard would touch a dozen cache lines. Made on first use, in one pass.
   */
  private directory: Uint32Array | undefined;
  private directoryShift = 32;

  private bucketsOf(): Uint32Array {
    if (this.directory === undefined) {
      // About four hashes a bucket.
      let bits = 4;
      while (bits < 24 && 2 ** bits * 4 < this.hashes.length) bits++;
      const shift = 32 - bits;
      const directory = new Uint32Array(2 ** bits + 1);
      let at = 0;
      for (let bucket = 0; bucket <= 2 ** bits; bucket++) {
        while (at < this.hashes.length && (this.hashes[at] as number) >>> shift < bucket) at++;
        directory[bucket] = at;
      }
      this.directoryShift = shift;
      this.directory = directory;
    }
    return this.directory;
  }

  /** The rows with a key of this hash, in roster order; the caller checks the key itself. */
  rowsWithHash(hash: number): readonly number[] {
    const directory = this.bucketsOf();
    const bucket = hash >>> this.directoryShift;
    const end = directory[bucket + 1] as number;
    let at = directory[bucket] as number;
    while (at < end && (this.hashes[at] as number) < hash) at++;
    if (at >= end || this.hashes[at] !== hash) return NO_ROWS;
    const found: number[] = [];
    for (; at < end && this.hashes[at] === hash; at++) found.push(this.rows[at] as number);
    return found;
  }

  /** The records with this key, checked by `holds` (a hash may be shared by another key). */
  find(key: string, holds: (indexed: IndexedRecord) => boolean): IndexedRecord[] {
    return this.rowsWithHash(keyHash(key))
      .map((row) => this.at(row))
      .filter(holds);
  }
}
