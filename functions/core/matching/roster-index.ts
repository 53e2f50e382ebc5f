// A roster ready to match against: each record normalised once, identifier look-ups, value
// frequencies (a shared common surname proves less than a rare one), and blocking keys so a
// probe is compared with a handful of candidates, not the whole roster.
import { soundex } from './names.ts';
import { learnedKey, type NormalisedPerson, normalisePerson } from './person.ts';
import type { PersonRecord } from './types.ts';

export interface IndexedRecord {
  record: PersonRecord;
  person: NormalisedPerson;
}

/** Frequencies, smoothed towards a typical value so a small roster does not overstate them. */
export interface RosterStats {
  size: number;
  familyFrequency(familyKey: string): number;
  givenFrequency(givenName: string): number;
  postcodeFrequency(postcode: string): number;
}

function swapDayMonth(date: string): string | undefined {
  const [y, m, d] = date.split('-');
  if (y === undefined || m === undefined || d === undefined || m === d || Number(d) > 12) return undefined;
  return `${y}-${d}-${m}`;
}

/** The blocking keys of a person: a candidate shares at least one with the probe. */
export function blockingKeys(person: NormalisedPerson): string[] {
  const keys: string[] = [];
  const family = person.familyKey === undefined ? undefined : soundex(person.familyKey);
  const given = person.givenNames[0] === undefined ? undefined : soundex(person.givenNames[0]);
  const year = person.birthDate?.slice(0, 4);
  if (person.birthDate !== undefined) keys.push(`dob:${person.birthDate}`);
  if (family !== undefined && year !== undefined) keys.push(`family-year:${family}|${year}`);
  if (given !== undefined && year !== undefined) keys.push(`given-year:${given}|${year}`);
  if (family !== undefined && given !== undefined) keys.push(`names:${family}|${given}`);
  if (person.postcode !== undefined && given !== undefined)
    keys.push(`postcode-given:${person.postcode}|${given}`);
  return keys;
}

function counter(): { add(key: string | undefined): void; get(key: string): number } {
  const counts = new Map<string, number>();
  return {
    add: (key) => {
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    get: (key) => counts.get(key) ?? 0,
  };
}

/** Pseudo-count that pulls a frequency towards its typical value (see RosterStats). */
const SMOOTHING = 1000;
const TYPICAL_FAMILY_FREQUENCY = 0.002;
const TYPICAL_GIVEN_FREQUENCY = 0.01;
const TYPICAL_POSTCODE_FREQUENCY = 0.0005;

export class RosterIndex implements RosterStats {
  readonly records: IndexedRecord[];
  private readonly byNhsNumber = new Map<string, IndexedRecord[]>();
  private readonly byIdentifier = new Map<string, IndexedRecord[]>();
  private readonly byBlock = new Map<string, IndexedRecord[]>();
  private readonly byPerson = new Map<string, IndexedRecord[]>();
  private readonly learned = new Map<string, string>();
  private readonly families = counter();
  private readonly givens = counter();
  private readonly postcodes = counter();

  constructor(records: readonly PersonRecord[]) {
    this.records = records.map((record) => ({
      record,
      person: normalisePerson({ ...record, identifiers: record.localIds }),
    }));
    for (const indexed of this.records) {
      const { person } = indexed;
      if (person.nhsNumber !== undefined) this.push(this.byNhsNumber, person.nhsNumber, indexed);
      for (const id of person.identifiers) this.push(this.byIdentifier, id, indexed);
      for (const key of blockingKeys(person)) this.push(this.byBlock, key, indexed);
      this.push(this.byPerson, indexed.record.personId, indexed);
      this.families.add(person.familyKey);
      this.givens.add(person.givenNames[0]);
      this.postcodes.add(person.postcode);
    }
  }

  private push(map: Map<string, IndexedRecord[]>, key: string, record: IndexedRecord): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [record]);
    else list.push(record);
  }

  get size(): number {
    return this.records.length;
  }

  withNhsNumber(nhsNumber: string): IndexedRecord[] {
    return this.byNhsNumber.get(nhsNumber) ?? [];
  }

  /** The records that carry this identifier as their subscriber's own local id. */
  withIdentifier(identifier: string): IndexedRecord[] {
    return this.byIdentifier.get(identifier) ?? [];
  }

  /** The records of the person a hospital number from this facility was learned for. */
  withLearnedIdentifier(facility: string, identifier: string): IndexedRecord[] {
    const personId = this.learned.get(learnedKey(facility, identifier));
    return personId === undefined ? [] : (this.byPerson.get(personId) ?? []);
  }

  /** The records of one person, on every roster that knows them. */
  withPersonId(personId: string): IndexedRecord[] {
    return this.byPerson.get(personId) ?? [];
  }

  /**
   * A hospital number the hub learned for a person from a confident match, as learnedKey(facility,
   * identifier), so the next message from that facility carrying it finds them without demographics.
   */
  learnIdentifier(key: string, personId: string): void {
    this.learned.set(key, personId);
  }

  /** The person a hospital number (learnedKey) was learned for, if any. */
  learnedPersonId(key: string): string | undefined {
    return this.learned.get(key);
  }

  /** Everyone sharing a blocking key with the probe (its birth date read day/month swapped too). */
  candidatesFor(probe: NormalisedPerson): IndexedRecord[] {
    const keys = blockingKeys(probe);
    const swapped = probe.birthDate === undefined ? undefined : swapDayMonth(probe.birthDate);
    if (swapped !== undefined) keys.push(`dob:${swapped}`);
    const found = new Set<IndexedRecord>();
    for (const key of keys) for (const record of this.byBlock.get(key) ?? []) found.add(record);
    return [...found];
  }

  private smoothed(count: number, typical: number): number {
    return (count + SMOOTHING * typical) / (this.size + SMOOTHING);
  }

  familyFrequency(familyKey: string): number {
    return this.smoothed(this.families.get(familyKey), TYPICAL_FAMILY_FREQUENCY);
  }

  givenFrequency(givenName: string): number {
    return this.smoothed(this.givens.get(givenName), TYPICAL_GIVEN_FREQUENCY);
  }

  postcodeFrequency(postcode: string): number {
    return this.smoothed(this.postcodes.get(postcode), TYPICAL_POSTCODE_FREQUENCY);
  }
}
