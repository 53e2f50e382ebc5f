// Every roster, ready to match against: one compact shard per subscriber (roster-shard.ts), looked
// up together. Identifier look-ups, value frequencies across all rosters (a shared common surname
// proves less than a rare one), and blocking keys so a probe is compared with a handful of
// candidates, not the whole registry. A roster upload replaces one shard (`withShards`): the
// others, and the frequencies of their values, are reused as they are.
import { probeBlockingKeys } from './blocking.ts';
import { MergedLookup } from './merged-lookup.ts';
import { learnedKey, type NormalisedPerson } from './person.ts';
import { type IndexedRecord, keyHash, lookupKey, probeColumns, RosterShard } from './roster-shard.ts';
import type { PersonRecord } from './types.ts';

export type { IndexedRecord } from './roster-shard.ts';

/**
 * A row a blocking key found, with how its columns compare with the probe (`agreement`, packed as
 * COLUMN_SHIFT says): a rule reads (`RosterIndex.read`) only the rows that could come near the best.
 */
export interface Candidate {
  shard: number;
  row: number;
  agreement: number;
}

/** Frequencies, smoothed towards a typical value so a small roster does not overstate them. */
export interface RosterStats {
  size: number;
  familyFrequency(familyKey: string): number;
  givenFrequency(givenName: string): number;
  /** How many rows have this first given name. */
  givenCount(givenName: string): number;
  postcodeFrequency(postcode: string): number;
}

/** Pseudo-count that pulls a frequency towards its typical value (see RosterStats). */
const SMOOTHING = 1000;
const TYPICAL_FAMILY_FREQUENCY = 0.002;
const TYPICAL_GIVEN_FREQUENCY = 0.01;
const TYPICAL_POSTCODE_FREQUENCY = 0.0005;
/** Hospital numbers a container keeps: the ones it has seen, read again when forgotten. */
const LEARNED_KEPT = 500_000;

type Counts = Map<string, number>;
interface AllCounts {
  family: Counts;
  given: Counts;
  postcode: Counts;
}

function addCounts(counts: AllCounts, shard: RosterShard, sign: 1 | -1): void {
  const frequencies = shard.frequencies();
  for (const field of ['family', 'given', 'postcode'] as const) {
    const into = counts[field];
    for (const [value, n] of frequencies[field]) {
      const total = (into.get(value) ?? 0) + sign * n;
      if (total === 0) into.delete(value);
      else into.set(value, total);
    }
  }
}

/**
 * How an index finds a key: the table merged when the registry was loaded, each of its shards at
 * its position here (-1 once replaced), and the shards uploaded since, asked one by one.
 */
interface Lookup {
  merged: MergedLookup;
  positions: Int32Array;
  since: number[];
}

/** Uploads asked one by one before the merged table is made again (rows of them, at most a quarter). */
const UPLOADS_BEFORE_MERGE = 16;

function lookupFor(shards: readonly RosterShard[], merged: MergedLookup): Lookup {
  const at = new Map(shards.map((shard, position) => [shard, position]));
  const inMerged = new Set(merged.shards);
  return {
    merged,
    positions: Int32Array.from(merged.shards, (shard) => at.get(shard) ?? -1),
    since: shards.flatMap((shard, position) => (inMerged.has(shard) ? [] : [position])),
  };
}

function isSorted(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] as number) < (list[i - 1] as number)) return false;
  return true;
}

export class RosterIndex implements RosterStats {
  readonly size: number;

  /**
   * `shards` in the order their records are reported (by subscriber); `learned` is shared by every
   * index built from this one, as hospital numbers are learned apart from rosters.
   */
  private constructor(
    private readonly shards: readonly RosterShard[],
    private readonly counts: AllCounts,
    private readonly learned: Map<string, string>,
    private readonly lookup: Lookup,
  ) {
    this.size = shards.reduce((sum, shard) => sum + shard.size, 0);
    // Rows are told apart by shard × stride + row: a small integer while it fits, which a Set
    // hashes without making a heap number.
    this.stride = 2 ** Math.ceil(Math.log2(Math.max(2, ...shards.map((shard) => shard.size))));
  }

  private readonly stride: number;

  static fromShards(shards: readonly RosterShard[], learned = new Map<string, string>()): RosterIndex {
    const counts: AllCounts = { family: new Map(), given: new Map(), postcode: new Map() };
    for (const shard of shards) addCounts(counts, shard, 1);
    return new RosterIndex(shards, counts, learned, lookupFor(shards, MergedLookup.of(shards)));
  }

  /** An index of records held in memory (tests, a CSV): one shard per subscriber, in first-seen order. */
  static fromRecords(records: readonly PersonRecord[]): RosterIndex {
    const bySubscriber = new Map<string | undefined, PersonRecord[]>();
    for (const record of records) {
      const list = bySubscriber.get(record.subscriberId);
      if (list === undefined) bySubscriber.set(record.subscriberId, [record]);
      else list.push(record);
    }
    return RosterIndex.fromShards([...bySubscriber].map(([id, list]) => RosterShard.fromRecords(id, list)));
  }

  /**
   * This index with some subscribers' shards replaced (or removed, for `undefined`): only their
   * value counts change, and the hospital numbers learned carry over.
   */
  withShards(changed: ReadonlyMap<string, RosterShard | undefined>): RosterIndex {
    const counts: AllCounts = {
      family: new Map(this.counts.family),
      given: new Map(this.counts.given),
      postcode: new Map(this.counts.postcode),
    };
    const kept = this.shards.filter((shard) => {
      if (shard.subscriberId === undefined || !changed.has(shard.subscriberId)) return true;
      addCounts(counts, shard, -1);
      return false;
    });
    const added = [...changed.values()].filter((shard) => shard !== undefined);
    for (const shard of added) addCounts(counts, shard, 1);
    const shards = [...kept, ...added].sort((a, b) =>
      (a.subscriberId ?? '').localeCompare(b.subscriberId ?? ''),
    );
    let lookup = lookupFor(shards, this.lookup.merged);
    const rowsSince = lookup.since.reduce((sum, position) => sum + (shards[position] as RosterShard).size, 0);
    if (lookup.since.length > UPLOADS_BEFORE_MERGE || 4 * rowsSince > this.size)
      lookup = lookupFor(shards, MergedLookup.of(shards));
    return new RosterIndex(shards, counts, this.learned, lookup);
  }

  /** The subscribers whose rosters are here, in order. */
  get subscriberIds(): string[] {
    return this.shards.flatMap((shard) => (shard.subscriberId === undefined ? [] : [shard.subscriberId]));
  }

  /** One subscriber's shard, if its roster is here. */
  shardOf(subscriberId: string): RosterShard | undefined {
    return this.shards.find((shard) => shard.subscriberId === subscriberId);
  }

  /**
   * Each row with a key of this hash, as shard position × stride + row, in shard then row order
   * (the order look-ups report): from the merged table, and from the shards uploaded since.
   */
  private rowsWithHash(hash: number): number[] {
    const found: number[] = [];
    const { merged, positions, since } = this.lookup;
    merged.forEach(hash, (mergedPosition, row) => {
      const position = positions[mergedPosition] as number;
      if (position >= 0) found.push(position * this.stride + row);
    });
    if (since.length > 0) {
      for (const position of since)
        for (const row of (this.shards[position] as RosterShard).rowsWithHash(hash))
          found.push(position * this.stride + row);
      found.sort((a, b) => a - b);
    } else if (!isSorted(found)) found.sort((a, b) => a - b);
    return found;
  }

  private find(key: string, holds: (indexed: IndexedRecord) => boolean): IndexedRecord[] {
    const records: IndexedRecord[] = [];
    for (const id of this.rowsWithHash(keyHash(key))) {
      const indexed = (this.shards[Math.floor(id / this.stride)] as RosterShard).at(id % this.stride);
      if (holds(indexed)) records.push(indexed);
    }
    return records;
  }

  withNhsNumber(nhsNumber: string): IndexedRecord[] {
    return this.find(lookupKey.nhsNumber(nhsNumber), ({ person }) => person.nhsNumber === nhsNumber);
  }

  /** The records that carry this identifier as their subscriber's own local id. */
  withIdentifier(identifier: string): IndexedRecord[] {
    return this.find(lookupKey.identifier(identifier), ({ person }) =>
      person.identifiers.includes(identifier),
    );
  }

  /** The records of the person a hospital number from this facility was learned for. */
  withLearnedIdentifier(facility: string, identifier: string): IndexedRecord[] {
    const personId = this.learned.get(learnedKey(facility, identifier));
    return personId === undefined ? [] : this.withPersonId(personId);
  }

  /** The records of one person, on every roster that knows them. */
  withPersonId(personId: string): IndexedRecord[] {
    return this.find(lookupKey.personId(personId), ({ record }) => record.personId === personId);
  }

  /**
   * A hospital number the hub learned for a person from a confident match, as learnedKey(facility,
   * identifier), so the next message from that facility carrying it finds them without demographics.
   */
  learnIdentifier(key: string, personId: string): void {
    if (this.learned.size >= LEARNED_KEPT && !this.learned.has(key)) this.learned.clear();
    this.learned.set(key, personId);
  }

  /** The person a hospital number (learnedKey) was learned for, if any. */
  learnedPersonId(key: string): string | undefined {
    return this.learned.get(key);
  }

  /**
   * Everyone sharing a blocking key with the probe (its birth date read day/month swapped too),
   * each row once, in the order of the keys, then of the rosters and rows. A row is found by the
   * hash of a key; one whose other key shares that hash is a harmless extra candidate (it is scored
   * like any other), and checking would mean reading every row.
   */
  candidatesFor(probe: NormalisedPerson): Candidate[] {
    const seen = new Set<number>();
    const found: Candidate[] = [];
    for (const key of probeBlockingKeys(probe)) {
      for (const id of this.rowsWithHash(keyHash(key))) {
        if (seen.has(id)) continue;
        seen.add(id);
        found.push({ shard: Math.floor(id / this.stride), row: id % this.stride, agreement: 0 });
      }
    }
    if (found.length === 0) return found;
    // The probe's values are looked up once every roster found has given its own values their ids.
    for (const candidate of found) (this.shards[candidate.shard] as RosterShard).prepareColumns();
    const columns = probeColumns(probe);
    for (const candidate of found)
      candidate.agreement = (this.shards[candidate.shard] as RosterShard).columnAgreement(
        candidate.row,
        columns,
      );
    return found;
  }

  /** A candidate's row, read and normalised. */
  read(candidate: Candidate): IndexedRecord {
    return (this.shards[candidate.shard] as RosterShard).at(candidate.row);
  }

  /** columnHash of a candidate's person id. */
  personHash(candidate: Candidate): number {
    return (this.shards[candidate.shard] as RosterShard).personHash(candidate.row);
  }

  /** What a candidate's columns tell of it, without reading the row. */
  sketch(candidate: Candidate): NormalisedPerson {
    return (this.shards[candidate.shard] as RosterShard).sketch(candidate.row);
  }

  private smoothed(count: number, typical: number): number {
    return (count + SMOOTHING * typical) / (this.size + SMOOTHING);
  }

  familyFrequency(familyKey: string): number {
    return this.smoothed(this.counts.family.get(familyKey) ?? 0, TYPICAL_FAMILY_FREQUENCY);
  }

  givenFrequency(givenName: string): number {
    return this.smoothed(this.counts.given.get(givenName) ?? 0, TYPICAL_GIVEN_FREQUENCY);
  }

  givenCount(givenName: string): number {
    return this.counts.given.get(givenName) ?? 0;
  }

  postcodeFrequency(postcode: string): number {
    return this.smoothed(this.counts.postcode.get(postcode) ?? 0, TYPICAL_POSTCODE_FREQUENCY);
  }
}
