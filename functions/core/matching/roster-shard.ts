// One subscriber's roster, compact and prebuilt for matching: its rows as one UTF-8 block (a JSON
// array per line), a sorted table of 32-bit hashes of every look-up key (NHS number, local ids,
// person id, blocking keys) with the row each came from, and the counts of family names, given
// names and postcodes. Built once when the roster is imported (`fromRecords`, then `encode`) and
// loaded by each container in one read (`decode`) with no per-row work: a row becomes a record only
// when a look-up finds it. A roster upload replaces its own shard; the others stay as they are.
import { blockingKeys } from './blocking.ts';
import { type NormalisedNames, type NormalisedPerson, normaliseNames, normalisePerson } from './person.ts';
import type { PersonRecord } from './types.ts';

/** A roster record with its normalised form, as the rules compare it. */
export interface IndexedRecord {
  record: PersonRecord;
  person: NormalisedPerson;
  /** Its blocking keys (blocking.ts), worked out once. */
  blockingKeys: readonly string[];
}

/** Value counts of a roster, for the weight of an agreement (a shared rare name proves more). */
export interface ShardFrequencies {
  family: [string, number][];
  given: [string, number][];
  postcode: [string, number][];
}

const MAGIC = 0x32544441; // 'ADT2', little-endian
const HEADER_BYTES = 24;

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

export function indexedRecord(record: PersonRecord, names = normaliseNames(record)): IndexedRecord {
  const person = normalisePerson({ ...record, identifiers: record.localIds }, names);
  return { record, person, blockingKeys: blockingKeys(person) };
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

function countInto(counts: Map<string, number>, key: string | undefined): void {
  if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
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
  /**
   * One bit per hash (modulo its size), set for each key the shard holds: most look-ups are for a
   * key most shards do not hold, and a bit answers that without a search. Made on first use.
   */
  private present: Uint32Array | undefined;
  private presentMask = 0;

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
  ) {}

  /** A shard built from records (an import, a test): every row normalised once, here. */
  static fromRecords(subscriberId: string | undefined, records: readonly PersonRecord[]): RosterShard {
    const lines: Uint8Array[] = [];
    const starts = new Uint32Array(records.length + 1);
    const entries: number[] = [];
    const family = new Map<string, number>();
    const given = new Map<string, number>();
    const postcode = new Map<string, number>();
    let offset = 0;
    for (const [row, record] of records.entries()) {
      const names = normaliseNames(record);
      const line = encoder.encode(`${JSON.stringify(rowOf(record, names))}\n`);
      lines.push(line);
      starts[row] = offset;
      offset += line.byteLength;
      const { person } = indexedRecord(record, names);
      for (const key of new Set(keysOf(record, person))) entries.push(keyHash(key), row);
      countInto(family, person.familyKey);
      countInto(given, person.givenNames[0]);
      countInto(postcode, person.postcode);
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
    );
  }

  /** The shard as bytes, for storage: header, rows, row starts, hashes, rows of hashes, counts. */
  encode(): Uint8Array {
    const pad = (n: number) => (n + 3) & ~3;
    const textBytes = pad(this.text.byteLength);
    const total =
      HEADER_BYTES +
      textBytes +
      4 * this.starts.length +
      8 * this.hashes.length +
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
    bytes.set(this.frequencyText, at);
    return bytes;
  }

  /** A shard from its bytes, as stored: views onto them, nothing per row. */
  static decode(subscriberId: string | undefined, stored: Uint8Array): RosterShard {
    // Typed-array views need 4-byte alignment; a buffer sliced from a larger one may not have it.
    const bytes = stored.byteOffset % 4 === 0 ? stored : stored.slice();
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_BYTES / 4);
    const [magic, size, textLength, entries, frequencyLength] = header as unknown as number[];
    if (magic !== MAGIC) throw new Error('not a roster shard (or one of another version)');
    let at = bytes.byteOffset + HEADER_BYTES;
    const text = new Uint8Array(bytes.buffer, at, textLength);
    at += ((textLength as number) + 3) & ~3;
    const starts = new Uint32Array(bytes.buffer, at, (size as number) + 1);
    at += 4 * ((size as number) + 1);
    const hashes = new Uint32Array(bytes.buffer, at, entries);
    at += 4 * (entries as number);
    const rows = new Uint32Array(bytes.buffer, at, entries);
    at += 4 * (entries as number);
    const frequencyText = new Uint8Array(bytes.buffer, at, frequencyLength);
    if (at + (frequencyLength as number) !== bytes.byteOffset + bytes.byteLength) {
      throw new Error('a roster shard of the wrong length: truncated or corrupt');
    }
    return new RosterShard(subscriberId, size as number, text, starts, hashes, rows, frequencyText);
  }

  frequencies(): ShardFrequencies {
    return JSON.parse(decoder.decode(this.frequencyText)) as ShardFrequencies;
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
    const stored = this.row(row);
    const indexed = indexedRecord(recordOf(stored, this.subscriberId), {
      family: stored[9],
      givenNames: stored[10],
    });
    this.cache.set(row, indexed);
    return indexed;
  }

  private row(row: number): Row {
    const line = decoder.decode(this.text.subarray(this.starts[row], (this.starts[row + 1] as number) - 1));
    return JSON.parse(line) as Row;
  }

  /** Every record, in roster order (for an import's view of the roster it replaces). */
  *records(): Generator<PersonRecord> {
    for (let row = 0; row < this.size; row++) yield recordOf(this.row(row), this.subscriberId);
  }

  private mayHold(hash: number): boolean {
    if (this.present === undefined) {
      // About 16 bits per key: a key the shard lacks finds its bit clear 15 times in 16.
      let bits = 1 << 10;
      while (bits < this.hashes.length * 16 && bits < 1 << 26) bits <<= 1;
      this.present = new Uint32Array(bits >>> 5);
      this.presentMask = bits - 1;
      for (const h of this.hashes) {
        const bit = h & this.presentMask;
        this.present[bit >>> 5] = (this.present[bit >>> 5] as number) | (1 << (bit & 31));
      }
    }
    const bit = hash & this.presentMask;
    return ((this.present[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }

  /** The rows with a key of this hash, in roster order; the caller checks the key itself. */
  rowsWithHash(hash: number): readonly number[] {
    if (!this.mayHold(hash)) return NO_ROWS;
    let low = 0;
    let high = this.hashes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.hashes[mid] as number) < hash) low = mid + 1;
      else high = mid;
    }
    const found: number[] = [];
    for (let i = low; i < this.hashes.length && this.hashes[i] === hash; i++)
      found.push(this.rows[i] as number);
    return found;
  }

  /** The rows with this key, checked by `holds` (a hash may be shared by another key). */
  findRows(key: string, holds: (indexed: IndexedRecord) => boolean): number[] {
    return this.rowsWithHash(keyHash(key)).filter((row) => holds(this.at(row)));
  }

  /** The records with this key, checked by `holds`. */
  find(key: string, holds: (indexed: IndexedRecord) => boolean): IndexedRecord[] {
    return this.findRows(key, holds).map((row) => this.at(row));
  }
}
