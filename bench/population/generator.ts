// Synthetic population for the matching benchmark: a deterministic (seeded) generator of a
// subscriber's roster (CSV-shaped rows, as a social care team would upload) and of hospital ADT
// patients (AdtEvent['patient']) about people on it or not, each labelled with the truth: which
// roster row the message is really about, or null for someone the roster does not know.
//
// Realism is the point, because a wrong-person match is a data breach:
// - names are frequency-skewed (Zipf within each background) and drawn from many backgrounds
//   (English, Welsh, Scottish, Irish, Caribbean, African, Indian, Sikh, Pakistani, Bangladeshi,
//   Eastern European, Chinese, Turkish, Arabic), given names by generation, with the surname
//   customs that break naive matching (Singh/Kaur, Begum, Kowalski/Kowalska, Mohammed + calling
//   name);
// - people live in households (shared family name, postcode and address), some in care homes
//   (dozens of unrelated people at one postcode), with twins (same family, birth date and
//   postcode) and namesakes (same family and given name, another birth date);
// - most people live in one local authority (St Helens and its neighbours, WA postcodes), so
//   outward codes are shared by hundreds;
// - a few pairs of twins are named as forms of each other (Henry and Harry), and a few with near
//   spellings of two different names (Julie and Julia, Ian and Ivan), built on purpose: every
//   other household avoids giving two members forms of one name; some more are built with names
//   of one initial (James and John), as twins drawn at random sometimes are too;
// - roster rows carry an NHS number only sometimes (social care rosters often lack them), and
//   sometimes a local id (`SC:100239`, or the hospital number as `RBN:K123456`); a few carry
//   another roster person's NHS number, typed in by mistake;
// - the hub has learned hospital numbers for some roster people from one trust (RBN), written
//   with a generic authority (`PAS:00412345`) that another trust (RXX) uses for its own patients;
// - hospital messages differ from roster rows the way real ones do: upper case, accents and
//   apostrophes dropped, middle names present or not; and, by case kind, the errors and changes
//   a matcher must survive (nicknames, typos, swapped or slipped birth dates, moves, marriages),
//   or must not be fooled by (twins, also named alike or sent as an initial alone, household
//   members, namesakes, mistyped NHS numbers, another trust's hospital numbers).
//
// Every person, number and place is made up: NHS numbers come from the 999 test range. The same
// options always give the same scenario. The name and place tables it draws from are in data.ts.

import type { Patient } from '../../functions/core/normalise/adt-event.ts';
import { hasValidNhsCheckDigit, normaliseNhsNumber } from '../../functions/core/normalise/nhs-number.ts';
import { normalisePostcode } from '../../functions/core/normalise/postcode.ts';
import { Rng } from '../lib/random.ts';
import {
  CASE_KIND_NAMES,
  CASE_KINDS,
  type CaseKind,
  HOME_FACILITY,
  type LearnedNumber,
  OTHER_FACILITY,
  type RosterRow,
  type Scenario,
  type ScenarioOptions,
  type ScenarioProbe,
  type ScenarioStats,
} from './cases.ts';
import {
  ALIKE_TWIN_NAMES,
  ASCII_SPECIALS,
  BACKGROUND_WEIGHTS,
  type Background,
  BRITISH_GIVEN,
  BRITISH_GIVEN_TAIL,
  BRITISH_MIDDLE,
  CARE_HOMES,
  GIVEN,
  type GivenPool,
  INWARD_LETTERS,
  KEY_NEIGHBOURS,
  LOCAL_DISTRICTS,
  NICKNAME_TWIN_NAMES,
  NICKNAMES,
  OTHER_AREAS,
  PROPHET_NAMES,
  SAME_INITIAL_TWIN_NAMES,
  type SexCode,
  STREETS,
  SURNAME_TABLES,
  type SurnameTable,
  type TwinNames,
} from './data.ts';

// ---------------------------------------------------------------------------------------------
// Randomness.

/** A frequency-weighted list, drawn from by binary search over cumulative weights. */
class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];

  constructor(entries: readonly (readonly [T, number])[]) {
    let total = 0;
    for (const [item, weight] of entries) {
      total += weight;
      this.items.push(item);
      this.cumulative.push(total);
    }
  }

  /**
   * Items in order of frequency, weighted by Zipf's law with a flattened head: the i-th (from 1)
   * gets 1/(i + offset).
   */
  static zipf<T>(items: readonly T[], offset = 0): Weighted<T> {
    return new Weighted(items.map((item, i) => [item, 1 / (i + 1 + offset)] as const));
  }

  draw(rng: Rng): T {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const r = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

// ---------------------------------------------------------------------------------------------
// Names.

/** Birth cohort: before 1950, 1950–74, 1975–99, 2000 on. */
type Era = 0 | 1 | 2 | 3;

/**
 * Names of one background: the commonest, Zipf-weighted (the head), and a long tail of rarer ones
 * drawn evenly. Real surname distributions have very long tails (Smith, the commonest in England,
 * is about 1.3 % of people), so a short list alone would make namesakes far too common.
 */
class NameSource {
  private readonly head: Weighted<string>;
  private readonly tail: readonly string[];

  constructor(
    head: readonly string[],
    offset: number,
    private readonly headShare: number,
    tail: readonly string[],
  ) {
    this.head = Weighted.zipf(head, offset);
    this.tail = [...new Set(tail)];
  }

  draw(rng: Rng): string {
    return this.tail.length === 0 || rng.chance(this.headShare) ? this.head.draw(rng) : rng.pick(this.tail);
  }
}

/** Surnames by background (SURNAME_TABLES as draws). */
const SURNAMES = Object.fromEntries(
  (Object.entries(SURNAME_TABLES) as [Background, SurnameTable][]).map(([bg, t]) => [
    bg,
    new NameSource(t.head, t.offset, t.headShare, t.tail),
  ]),
) as Record<Background, NameSource>;

/** British given names by cohort: the cohort's list (its commonest first), then every other. */
const BRITISH_GIVEN_TABLES: Record<SexCode, NameSource[]> = {
  F: BRITISH_GIVEN.F.map(
    (list) => new NameSource(list, 4, 0.75, [...BRITISH_GIVEN.F.flat(), ...BRITISH_GIVEN_TAIL.F]),
  ),
  M: BRITISH_GIVEN.M.map(
    (list) => new NameSource(list, 4, 0.75, [...BRITISH_GIVEN.M.flat(), ...BRITISH_GIVEN_TAIL.M]),
  ),
};

const OWN_GIVEN_TABLES = new Map<Background, Record<SexCode, NameSource>>(
  (Object.entries(GIVEN) as [Background, GivenPool | null][])
    .filter((entry): entry is [Background, GivenPool] => entry[1] !== null)
    .map(([bg, pool]) => [
      bg,
      { F: new NameSource(pool.F, 3, 0.75, pool.F), M: new NameSource(pool.M, 3, 0.75, pool.M) },
    ]),
);

const PROPHET_NAME_DRAW = new Weighted<string>(PROPHET_NAMES);

const LOCAL_DISTRICT_DRAW = new Weighted<readonly [string, string]>(LOCAL_DISTRICTS);

// ---------------------------------------------------------------------------------------------
// Dates. Ages are counted at 1 June 2025; no birth date is after it.

const REFERENCE_YEAR = 2025;
const REFERENCE_DATE = '2025-06-01';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function dateParts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function birthDateForAge(rng: Rng, age: number): string {
  let year = REFERENCE_YEAR - age;
  const month = rng.int(1, 12);
  const day = rng.int(1, daysInMonth(year, month));
  if (isoDate(year, month, day) > REFERENCE_DATE) year -= 1;
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

function ageOn(birthDate: string): number {
  const [y, m, d] = dateParts(birthDate);
  const [ry, rm, rd] = dateParts(REFERENCE_DATE);
  return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
}

function eraOf(birthDate: string): Era {
  const year = Number(birthDate.slice(0, 4));
  return year < 1950 ? 0 : year < 1975 ? 1 : year < 2000 ? 2 : 3;
}

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** Digits of YYYYMMDD that differ between two dates. */
function digitDistance(a: string, b: string): number {
  const x = a.replace(/-/g, '');
  const y = b.replace(/-/g, '');
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

function isDaySwap(a: string, b: string): boolean {
  const [ay, am, ad] = dateParts(a);
  const [by, bm, bd] = dateParts(b);
  return ay === by && am === bd && ad === bm;
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

/** Plain ASCII letters, as many hospital systems store names: `Wójcik` → `Wojcik`, `Łukasz` → `Lukasz`. */
function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ŁłıİØøĐđßÆæŒœ]/g, (c) => ASCII_SPECIALS[c] ?? c);
}

function foldKey(name: string): string {
  return asciiFold(name)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function withCaseOf(template: string, letter: string): string {
  return template === template.toUpperCase() ? letter.toUpperCase() : letter.toLowerCase();
}

/**
 * One keying error in `name`: a neighbouring key, a dropped or doubled letter, or two adjacent
 * letters transposed. The first letter is rarely the one hit. Returns the operation's name too.
 */
function typo(rng: Rng, name: string): [string, string] {
  for (let attempt = 0; attempt < 50; attempt++) {
    const chars = [...name];
    const positions = chars.flatMap((c, i) => (/[a-z]/i.test(c) ? [i] : []));
    if (positions.length < 3) break;
    const later = positions.slice(1);
    const at = rng.chance(0.12) ? (positions[0] as number) : rng.pick(later);
    const op = rng.weighted([
      ['substitution', 40],
      ['deletion', 20],
      ['doubling', 15],
      ['transposition', 25],
    ] as const);
    const c = chars[at] as string;
    if (op === 'substitution') {
      const options = KEY_NEIGHBOURS[c.toLowerCase()] ?? '';
      if (options === '') continue;
      chars[at] = withCaseOf(c, rng.pick([...options]));
    } else if (op === 'deletion') {
      chars.splice(at, 1);
    } else if (op === 'doubling') {
      chars.splice(at, 0, c.toLowerCase() === c ? c : c.toLowerCase());
    } else {
      const next = at + 1;
      if (next >= chars.length || !/[a-z]/i.test(chars[next] as string)) continue;
      const d = chars[next] as string;
      chars[at] = withCaseOf(c, d);
      chars[next] = withCaseOf(d, c);
    }
    const out = chars.join('');
    if (foldKey(out) !== foldKey(name)) return [out, op];
  }
  return [`${name}e`, 'doubling'];
}

/** Formal names by each of their nicknames (folded). */
const FORMAL_NAMES = new Map<string, string[]>();
for (const [formal, nicknames] of Object.entries(NICKNAMES)) {
  for (const nick of nicknames)
    FORMAL_NAMES.set(foldKey(nick), [...(FORMAL_NAMES.get(foldKey(nick)) ?? []), formal]);
}

/** A name and every form of it (folded): its nicknames, the names it is a nickname of, theirs. */
function sameNames(name: string): string[] {
  const key = foldKey(name);
  const formals = [key, ...(FORMAL_NAMES.get(key) ?? [])];
  return [...new Set(formals.flatMap((f) => [f, ...(NICKNAMES[f] ?? []).map(foldKey)]))];
}

/**
 * Two different names (folded) one keystroke apart: a letter changed, added or dropped, or two
 * neighbours swapped (Julie and Julia, Ian and Ivan).
 */
function speltAlike(a: string, b: string): boolean {
  const x = foldKey(a);
  const y = foldKey(b);
  if (x === y || Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length)
    return (
      x.slice(i + 1) === y.slice(i + 1) ||
      (x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2))
    );
  const [shorter, longer] = x.length < y.length ? [x, y] : [y, x];
  return shorter.slice(i) === longer.slice(i + 1);
}

/** How a pair of twins built on purpose was named. */
type TwinNaming = 'nickname' | 'alike' | 'same-initial';

// ---------------------------------------------------------------------------------------------
// People and households.

interface Person {
  id: number;
  nhs: string;
  /** Hospital number (PID-3, authority RBN). */
  mrn: string;
  family: string;
  /** First given name, then middle names. */
  given: string[];
  sex: SexCode;
  birthDate: string;
  postcode: string;
  addressLine: string;
  town: string;
  background: Background;
  household: number;
  twin?: number;
  careHome: boolean;
  local: boolean;
  /** Index of the person's roster row, when on the roster. */
  row?: number;
}

/** How a person's roster row was written, for labelling probes. */
interface RowMeta {
  person: number;
  hasNhs: boolean;
  hasBirthDate: boolean;
  hasPostcode: boolean;
  hasSex: boolean;
  /** The given name column: first name only, first and middles, or the calling (middle) name. */
  givenForm: 'first' | 'full' | 'calling';
  /** The person whose NHS number was typed into this row instead of the row's own (or none). */
  nhsOf?: number;
}

interface Household {
  id: number;
  members: number[];
  postcode: string;
  addressLine: string;
  town: string;
  local: boolean;
  careHome: boolean;
}

interface PostcodeUnit {
  postcode: string;
  street: string;
  /** How many more households it can take. */
  room: number;
  addresses: Set<string>;
}

/** Past this many units in an outward code, new households join existing ones. */
const MAX_UNITS_PER_OUTWARD = 3_000;

class PopulationBuilder {
  readonly people: Person[] = [];
  readonly households: Household[] = [];
  readonly twinPairs: [number, number][] = [];
  /** The twin pairs named as forms of each other (Henry and Harry), also in twinPairs. */
  readonly nicknameTwinPairs: [number, number][] = [];
  /** The twin pairs named with near spellings of each other (Julie and Julia), also in twinPairs. */
  readonly alikeTwinPairs: [number, number][] = [];
  /**
   * The twin pairs built with names of one initial (James and John), also in twinPairs; twins
   * drawn at random (twinOf) sometimes share an initial too.
   */
  readonly sameInitialTwinPairs: [number, number][] = [];
  private readonly usedNhs = new Set<string>();
  private readonly usedPostcodes = new Set<string>();
  /** Postcode units with room for more households, by outward code. */
  private readonly openUnits = new Map<string, PostcodeUnit[]>();
  private readonly unitsMade = new Map<string, number>();
  private readonly usedMrns = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A fresh, valid NHS number from the 999 test range. */
  nhsNumber(): string {
    for (;;) {
      const first9 = `999${this.rng.digits(6)}`;
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
      const check = 11 - (sum % 11);
      if (check === 10) continue;
      const digits = first9 + String(check === 11 ? 0 : check);
      if (this.usedNhs.has(digits) || normaliseNhsNumber(digits) !== digits) continue;
      this.usedNhs.add(digits);
      return digits;
    }
  }

  isAssignedNhs(digits: string): boolean {
    return this.usedNhs.has(digits);
  }

  private mrn(): string {
    for (;;) {
      const mrn = `${this.rng.pick(['K', 'N', 'S'])}${this.rng.digits(6)}`;
      if (this.usedMrns.has(mrn)) continue;
      this.usedMrns.add(mrn);
      return mrn;
    }
  }

  /**
   * A home in `outward`: often in a postcode unit that already holds other households (a unit
   * covers about 15 addresses on one street), never in `exclude`. Returns the postcode and an
   * address line on the unit's street that no other household in the unit has.
   */
  home(outward: string, exclude?: string): { postcode: string; addressLine: string } {
    const open = this.openUnits.get(outward) ?? [];
    const made = this.unitsMade.get(outward) ?? 0;
    let unit: PostcodeUnit | undefined;
    if (open.length > 0 && (this.rng.chance(0.6) || made >= MAX_UNITS_PER_OUTWARD)) {
      for (let attempt = 0; attempt < 10 && unit === undefined; attempt++) {
        const candidate = this.rng.pick(open);
        if (candidate.postcode !== exclude) unit = candidate;
      }
    }
    unit ??= this.newUnit(outward, 'household');
    const addressLine = this.addressIn(unit);
    unit.room--;
    if (unit.room <= 0) {
      const i = open.indexOf(unit);
      if (i >= 0) open.splice(i, 1);
    }
    return { postcode: unit.postcode, addressLine };
  }

  /** A postcode unit no one lives in yet; a care home has one to itself. */
  newUnit(outward: string, use: 'household' | 'care home'): PostcodeUnit {
    const made = this.unitsMade.get(outward) ?? 0;
    if (made >= 3_900) throw new Error(`Outward code ${outward} has no postcodes left`);
    for (;;) {
      const pc = `${outward} ${this.rng.int(0, 9)}${this.rng.pick([...INWARD_LETTERS])}${this.rng.pick([...INWARD_LETTERS])}`;
      if (this.usedPostcodes.has(pc)) continue;
      if (normalisePostcode(pc) !== pc) throw new Error(`Generated an invalid postcode: ${pc}`);
      this.usedPostcodes.add(pc);
      this.unitsMade.set(outward, made + 1);
      const unit: PostcodeUnit = {
        postcode: pc,
        street: this.rng.pick(STREETS),
        // The universe is about a sixth of the real population (a roster of 6,000 in a borough
        // of about 180,000), so a unit of about 15 households holds about 3 generated ones.
        room: use === 'care home' ? 0 : this.rng.int(1, 5),
        addresses: new Set(),
      };
      if (unit.room > 0) {
        const open = this.openUnits.get(outward) ?? [];
        open.push(unit);
        this.openUnits.set(outward, open);
      }
      return unit;
    }
  }

  private addressIn(unit: PostcodeUnit): string {
    let line = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      line = this.rng.chance(0.15)
        ? `Flat ${this.rng.int(1, 24)}, ${this.rng.int(1, 90)} ${unit.street}`
        : `${this.rng.int(1, 180)} ${unit.street}`;
      if (!unit.addresses.has(line)) break;
    }
    unit.addresses.add(line);
    return line;
  }

  /** A place to live: outward code, town, and whether it is in the local authority. */
  place(local: boolean): { outward: string; town: string } {
    if (local) {
      const [outward, town] = LOCAL_DISTRICT_DRAW.draw(this.rng);
      return { outward, town };
    }
    const [area, districts, town] = this.rng.pick(OTHER_AREAS);
    return { outward: `${area}${this.rng.int(1, districts)}`, town };
  }

  /**
   * Postcode districts of `town` other than `outward`: in the local authority first (St Helens
   * is WA9, WA10 and WA11), else the town's districts elsewhere. Empty for a one-district town.
   */
  otherDistricts(outward: string, town: string): string[] {
    const local = LOCAL_DISTRICTS.map(([[o, t]]) => (t === town && o !== outward ? o : undefined)).filter(
      (o): o is string => o !== undefined,
    );
    if (local.length > 0) return local;
    const districts: string[] = [];
    for (const [area, count, t] of OTHER_AREAS) {
      if (t !== town) continue;
      for (let n = 1; n <= count; n++) if (`${area}${n}` !== outward) districts.push(`${area}${n}`);
    }
    return districts;
  }

  /** The form of a household's surname a member of this sex and age carries. */
  surnameFor(root: string, sex: SexCode, background: Background, age: number): string {
    const rng = this.rng;
    if (background === 'sikh') {
      if (sex === 'M') return rng.chance(0.6) ? 'Singh' : root;
      return rng.chance(0.6) ? 'Kaur' : root;
    }
    if (sex === 'F' && background === 'bangladeshi') {
      if (rng.chance(age >= 40 ? 0.45 : 0.2)) return 'Begum';
      if (rng.chance(0.15)) return age >= 40 ? 'Khatun' : 'Akter';
      return root;
    }
    if (sex === 'F' && background === 'pakistani' && age >= 50) {
      if (rng.chance(0.2)) return 'Bibi';
      if (rng.chance(0.15)) return 'Begum';
      return root;
    }
    if (sex === 'F' && background === 'eastern-european') return feminineSurname(root, age);
    return root;
  }

  givenNames(background: Background, sex: SexCode, birthDate: string): string[] {
    const rng = this.rng;
    const era = eraOf(birthDate);
    const pool = GIVEN[background];
    const own = OWN_GIVEN_TABLES.get(background);
    const ownShare = pool === null ? 0 : era === 3 ? pool.share * 0.75 : pool.share;
    const draw = (): string =>
      own !== undefined && rng.chance(ownShare)
        ? own[sex].draw(rng)
        : (BRITISH_GIVEN_TABLES[sex][era] as NameSource).draw(rng);
    // A few people's recorded sex does not follow their name (unisex names aside).
    const first = rng.chance(0.004)
      ? this.givenNames(background, sex === 'F' ? 'M' : 'F', birthDate)[0]
      : draw();
    const muslim = background === 'pakistani' || background === 'bangladeshi' || background === 'arabic';
    if (sex === 'M' && muslim && rng.chance(0.3)) {
      // Mohammed first, the calling name after it.
      let calling = draw();
      while (foldKey(calling).startsWith('moham') || foldKey(calling).startsWith('muham')) calling = draw();
      return [PROPHET_NAME_DRAW.draw(rng), calling];
    }
    const given = [first as string];
    const middleChance = pool === null ? 0.5 : pool.middle;
    if (rng.chance(middleChance)) {
      let middle =
        background === 'indian' && sex === 'M' && rng.chance(0.5)
          ? 'Kumar'
          : pool !== null && rng.chance(0.6)
            ? draw()
            : rng.pick(BRITISH_MIDDLE[sex]);
      if (middle === first) middle = rng.pick(BRITISH_MIDDLE[sex]);
      if (middle !== first) given.push(middle);
    }
    return given;
  }

  person(init: {
    background: Background;
    sex: SexCode;
    age: number;
    root: string;
    household: Household;
    birthDate?: string;
  }): Person {
    const birthDate = init.birthDate ?? birthDateForAge(this.rng, init.age);
    const person: Person = {
      id: this.people.length,
      nhs: this.nhsNumber(),
      mrn: this.mrn(),
      family: this.surnameFor(init.root, init.sex, init.background, ageOn(birthDate)),
      given: this.householdGiven(init.household, init.background, init.sex, birthDate),
      sex: init.sex,
      birthDate,
      postcode: init.household.postcode,
      addressLine: init.household.addressLine,
      town: init.household.town,
      background: init.background,
      household: init.household.id,
      careHome: init.household.careHome,
      local: init.household.local,
    };
    this.people.push(person);
    init.household.members.push(person.id);
    return person;
  }

  /** Given names no one else in the household has as a first name (care homes aside). */
  private householdGiven(
    household: Household,
    background: Background,
    sex: SexCode,
    birthDate: string,
  ): string[] {
    // Nor one that is the same name in another form: no family has a Henry and a Harry.
    const taken = new Set(
      household.careHome
        ? []
        : household.members.flatMap((id) => sameNames((this.people[id] as Person).given[0] as string)),
    );
    let given = this.givenNames(background, sex, birthDate);
    for (let attempt = 0; attempt < 20 && taken.has(foldKey(given[0] as string)); attempt++) {
      given = this.givenNames(background, sex, birthDate);
    }
    return given;
  }

  household(local: boolean, careHome = false): Household {
    const { outward, town } = this.place(local);
    let home: { postcode: string; addressLine: string };
    if (careHome) {
      const unit = this.newUnit(outward, 'care home');
      home = {
        postcode: unit.postcode,
        addressLine: `${this.rng.pick(CARE_HOMES)}, ${this.rng.int(1, 120)} ${unit.street}`,
      };
    } else {
      home = this.home(outward);
    }
    const household: Household = {
      id: this.households.length,
      members: [],
      postcode: home.postcode,
      addressLine: home.addressLine,
      town,
      local,
      careHome,
    };
    this.households.push(household);
    return household;
  }

  /** A twin of `sibling`: same family root, birth date and household; another given name. */
  twinOf(sibling: Person, root: string): Person {
    const rng = this.rng;
    const household = this.households[sibling.household] as Household;
    const sex: SexCode = rng.chance(0.5) ? sibling.sex : sibling.sex === 'F' ? 'M' : 'F';
    let twin: Person | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = this.person({
        background: sibling.background,
        sex,
        age: ageOn(sibling.birthDate),
        root,
        household,
        birthDate: sibling.birthDate,
      });
      // Twins get different first names (alliterative ones, Jack and James, do happen).
      if (foldKey(candidate.given[0] as string) !== foldKey(sibling.given[0] as string)) {
        twin = candidate;
        break;
      }
      this.people.pop();
      household.members.pop();
    }
    if (twin === undefined) throw new Error('Could not name a twin');
    // Twins of one family carry the same surname form when the same sex.
    if (twin.sex === sibling.sex) twin.family = sibling.family;
    twin.twin = sibling.id;
    sibling.twin = twin.id;
    this.twinPairs.push([sibling.id, twin.id]);
    return twin;
  }

  /**
   * Same-sex twins given two chosen names: forms of each other (`nickname`: Henry and Harry),
   * near spellings of each other (`alike`: Julie and Julia), or other names of one initial
   * (`same-initial`: James and John). Made first in their household, so that no one else there
   * is given a form of either name. Middle names that are forms of either first name are dropped
   * (no Jack John and John).
   */
  namedTwins(init: {
    background: Background;
    sex: SexCode;
    birthDate: string;
    root: string;
    household: Household;
    names: readonly [string, string];
    naming: TwinNaming;
  }): [Person, Person] {
    const [x, y] = init.names;
    const pair = init.names.join(' and ');
    const forms = sameNames(x).includes(foldKey(y));
    if (init.naming === 'nickname' && !forms) throw new Error(`${pair} are not forms of each other`);
    if (init.naming !== 'nickname' && forms) throw new Error(`${pair} are forms of each other`);
    if (init.naming === 'alike' && !speltAlike(x, y)) throw new Error(`${pair} are not spelt alike`);
    if (init.naming === 'same-initial' && (foldKey(x).charAt(0) !== foldKey(y).charAt(0) || speltAlike(x, y)))
      throw new Error(`${pair} are not other names of one initial`);
    const [a, b] = init.names.map((name) => {
      const p = this.person({ ...init, age: ageOn(init.birthDate) });
      p.given = [name, ...p.given.slice(1)];
      return p;
    }) as [Person, Person];
    const taken = new Set([...sameNames(x), ...sameNames(y)]);
    for (const p of [a, b])
      p.given = [p.given[0] as string, ...p.given.slice(1).filter((m) => !taken.has(foldKey(m)))];
    b.family = a.family;
    a.twin = b.id;
    b.twin = a.id;
    this.twinPairs.push([a.id, b.id]);
    const named = {
      nickname: this.nicknameTwinPairs,
      alike: this.alikeTwinPairs,
      'same-initial': this.sameInitialTwinPairs,
    }[init.naming];
    named.push([a.id, b.id]);
    return [a, b];
  }
}

function feminineSurname(root: string, age: number): string {
  if (root.endsWith('ski') || root.endsWith('cki') || root.endsWith('dzki')) return `${root.slice(0, -1)}a`;
  if (root === 'Novák' || root === 'Dvořák') return `${root}ová`;
  if (root.endsWith('ý')) return `${root.slice(0, -1)}á`;
  if (root === 'Svoboda' || root === 'Procházka' || root === 'Kučera') return `${root.slice(0, -1)}ová`;
  if (root.endsWith('ov')) return `${root}a`;
  // Latvian -š → -a; Lithuanian -as, -us, -ius → -ienė when married, -aitė, -ūtė, -iūtė before.
  if (root.endsWith('š')) return `${root.slice(0, -1)}a`;
  if (root.endsWith('ius')) return age >= 25 ? `${root.slice(0, -3)}ienė` : `${root.slice(0, -3)}iūtė`;
  if (root.endsWith('as')) return age >= 25 ? `${root.slice(0, -2)}ienė` : `${root.slice(0, -2)}aitė`;
  if (root.endsWith('us')) return age >= 25 ? `${root.slice(0, -2)}ienė` : `${root.slice(0, -2)}ūtė`;
  return root;
}

const BRITISH_BACKGROUNDS: ReadonlySet<Background> = new Set(['english', 'welsh', 'scottish', 'irish']);

/** Builds the universe: households of every shape, care homes, twins. */
function buildUniverse(rng: Rng, targetPeople: number, careHomes: number): PopulationBuilder {
  const b = new PopulationBuilder(rng);
  const backgrounds = new Weighted(BACKGROUND_WEIGHTS);
  const rootFor = (bg: Background): string => SURNAMES[bg].draw(rng);

  for (let i = 0; i < careHomes; i++) {
    const home = b.household(true, true);
    const residents = rng.int(20, 45);
    for (let r = 0; r < residents; r++) {
      const bg = backgrounds.draw(rng);
      b.person({
        background: bg,
        sex: rng.chance(0.68) ? 'F' : 'M',
        age: rng.triangular(68, 88, 104),
        root: rootFor(bg),
        household: home,
      });
    }
  }

  // Twins named as forms of each other, or with near spellings of each other, built on purpose
  // (everyone else's household avoids giving two members forms of one name), and some named with
  // one initial: elderly siblings living together, or children with their parents.
  const britishBackgrounds = new Weighted(BACKGROUND_WEIGHTS.filter(([bg]) => BRITISH_BACKGROUNDS.has(bg)));
  const namedTwinPairs = Math.max(6, Math.round(targetPeople / 1_000));
  const namings: [TwinNaming, TwinNames, number][] = [
    ['nickname', NICKNAME_TWIN_NAMES, namedTwinPairs],
    ['alike', ALIKE_TWIN_NAMES, namedTwinPairs],
    ['same-initial', SAME_INITIAL_TWIN_NAMES, namedTwinPairs],
  ];
  for (const [naming, table, count] of namings) {
    for (let i = 0; i < count; i++) {
      const bg = britishBackgrounds.draw(rng);
      const root = rootFor(bg);
      const sex: SexCode = rng.chance(0.5) ? 'F' : 'M';
      const elderly = rng.chance(0.4);
      const home = b.household(rng.chance(0.88));
      const birthDate = birthDateForAge(rng, elderly ? rng.triangular(65, 80, 98) : rng.int(0, 17));
      const names = rng.pick(table[sex][elderly ? 'elder' : 'young']);
      b.namedTwins({
        background: bg,
        sex,
        birthDate,
        root,
        household: home,
        names: rng.chance(0.5) ? names : [names[1], names[0]],
        naming,
      });
      if (!elderly) {
        const parentAge = ageOn(birthDate) + rng.int(22, 40);
        b.person({ background: bg, sex: 'M', age: parentAge, root, household: home });
        b.person({
          background: bg,
          sex: 'F',
          age: Math.max(19, parentAge + rng.int(-6, 3)),
          root,
          household: home,
        });
      }
    }
  }

  while (b.people.length < targetPeople) {
    const bg = backgrounds.draw(rng);
    const southAsian = bg === 'indian' || bg === 'sikh' || bg === 'pakistani' || bg === 'bangladeshi';
    const type = rng.weighted([
      ['elderly-single', 28],
      ['elderly-couple', 16],
      ['family', 26],
      ['multi-generation', southAsian ? 24 : 6],
      ['single-adult', 14],
    ] as const);
    const home = b.household(rng.chance(0.88));
    let root = rootFor(bg);
    if (type === 'elderly-single') {
      const sex: SexCode = rng.chance(0.64) ? 'F' : 'M';
      const person = b.person({
        background: bg,
        sex,
        age: rng.triangular(65, 84, 102),
        root,
        household: home,
      });
      // A few elderly twins still live together.
      if (rng.chance(0.006)) b.twinOf(person, root);
    } else if (type === 'elderly-couple') {
      const age = rng.triangular(65, 78, 98);
      b.person({ background: bg, sex: 'M', age, root, household: home });
      const partnerRoot = rng.chance(0.08) ? rootFor(bg) : root;
      b.person({
        background: bg,
        sex: 'F',
        age: Math.max(60, age + rng.int(-7, 3)),
        root: partnerRoot,
        household: home,
      });
    } else if (type === 'single-adult') {
      b.person({
        background: bg,
        sex: rng.chance(0.5) ? 'F' : 'M',
        age: rng.int(18, 64),
        root,
        household: home,
      });
    } else {
      const multi = type === 'multi-generation';
      if (multi) {
        b.person({
          background: bg,
          sex: rng.chance(0.7) ? 'F' : 'M',
          age: rng.triangular(68, 80, 98),
          root,
          household: home,
        });
      }
      const parentAge = multi ? rng.int(35, 58) : rng.int(24, 55);
      const couple = rng.chance(0.8);
      const firstSex: SexCode = couple || rng.chance(0.2) ? 'M' : 'F';
      b.person({ background: bg, sex: firstSex, age: parentAge, root, household: home });
      if (couple) {
        // Partners who are not married often keep their own names; the children take the father's.
        const own = rng.chance(0.15);
        b.person({
          background: bg,
          sex: 'F',
          age: Math.max(19, parentAge + rng.int(-6, 3)),
          root: own ? rootFor(bg) : root,
          household: home,
        });
      } else if (firstSex === 'F' && rng.chance(0.3)) {
        root = rootFor(bg);
      }
      const children = rng.weighted([
        [1, 35],
        [2, 40],
        [3, 18],
        [4, 7],
      ] as const);
      const maxChildAge = Math.min(parentAge - 18, multi ? 30 : 21);
      const births: string[] = [];
      for (let c = 0; c < children; c++) {
        // Siblings (twins aside) are born at least ten months apart.
        let birthDate = birthDateForAge(rng, rng.int(0, Math.max(0, maxChildAge)));
        for (let attempt = 0; attempt < 20 && births.some((d) => daysApart(d, birthDate) < 300); attempt++) {
          birthDate = birthDateForAge(rng, rng.int(0, Math.max(0, maxChildAge)));
        }
        if (births.some((d) => daysApart(d, birthDate) < 300)) break;
        births.push(birthDate);
        const child = b.person({
          background: bg,
          sex: rng.chance(0.5) ? 'F' : 'M',
          age: ageOn(birthDate),
          birthDate,
          root,
          household: home,
        });
        // Twins: inflated above the real rate (about 1 in 65 births) so that the twin cases have
        // enough people.
        if (rng.chance(0.025)) b.twinOf(child, root);
      }
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// The roster.

/** Chooses who is on the roster: older people, care home residents and local people first. */
function chooseRoster(rng: Rng, b: PopulationBuilder, rosterSize: number): Set<number> {
  if (rosterSize > b.people.length) throw new Error('Roster larger than the population');
  const chosen = new Set<number>();
  // Twins first: some pairs both on the roster, some split, so both twin cases have people.
  for (const [a, c] of b.twinPairs) {
    const r = rng.next();
    if (r < 0.25) {
      chosen.add(a);
      chosen.add(c);
    } else if (r < 0.6) {
      chosen.add(rng.chance(0.5) ? a : c);
    }
  }
  const weight = (p: Person): number => {
    const age = ageOn(p.birthDate);
    const byAge = age >= 80 ? 1 : age >= 65 ? 0.6 : age >= 18 ? 0.15 : 0.12;
    return byAge * (p.careHome ? 3 : 1) * (p.local ? 1 : 0.05);
  };
  // Weighted sampling without replacement (Efraimidis–Spirakis): the largest u^(1/w) win.
  const keyed = b.people
    .filter((p) => p.twin === undefined)
    .map((p) => ({ id: p.id, key: rng.next() ** (1 / weight(p)) }))
    .sort((x, y) => y.key - x.key);
  for (const { id } of keyed) {
    if (chosen.size >= rosterSize) break;
    chosen.add(id);
  }
  return chosen;
}

interface PasStyle {
  upper: boolean;
  ascii: boolean;
  apostrophe: 'keep' | 'drop' | 'space';
  hyphen: 'keep' | 'space';
}

function styleName(name: string, style: PasStyle): string {
  let out = name;
  if (style.ascii) out = asciiFold(out);
  if (style.apostrophe === 'drop') out = out.replace(/['’]/g, '');
  else if (style.apostrophe === 'space') out = out.replace(/['’]/g, ' ');
  if (style.hyphen === 'space') out = out.replace(/-/g, ' ');
  return style.upper ? out.toUpperCase() : out;
}

function rosterCase(rng: Rng, text: string): string {
  const r = rng.next();
  if (r < 0.14) return text.toUpperCase();
  if (r < 0.16) return text.toLowerCase();
  return text;
}

function rosterPostcode(rng: Rng, postcode: string): string {
  const r = rng.next();
  if (r < 0.1) return postcode.replace(' ', '');
  if (r < 0.15) return postcode.toLowerCase();
  if (r < 0.18) return ` ${postcode} `;
  return postcode;
}

function spacedNhs(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

function rosterRowOf(
  rng: Rng,
  p: Person,
  nhsCoverage: number,
  nextScId: () => number,
): { row: RosterRow; meta: RowMeta } {
  const hasNhs = rng.chance(nhsCoverage);
  // A row without an NHS number needs its birth date; one with it sometimes lacks one.
  const hasBirthDate = !hasNhs || rng.chance(0.985);
  const hasPostcode = rng.chance(0.98);
  const hasSex = rng.chance(0.95);
  const calling = p.given.length > 1 && foldKey(p.given[0] as string).match(/^(moham|muham)/) !== null;
  const givenForm: RowMeta['givenForm'] =
    calling && rng.chance(0.1) ? 'calling' : p.given.length > 1 && rng.chance(0.35) ? 'full' : 'first';
  const given =
    givenForm === 'full' ? p.given.join(' ') : givenForm === 'calling' ? (p.given[1] as string) : p.given[0];
  const ascii = rng.chance(0.2);
  const name = (text: string): string => rosterCase(rng, ascii ? asciiFold(text) : text);
  const localId = rng.chance(0.25) ? `SC:${nextScId()}` : rng.chance(0.1) ? `RBN:${p.mrn}` : '';
  const row: RosterRow = {
    nhs_number: hasNhs ? (rng.chance(0.15) ? spacedNhs(p.nhs) : p.nhs) : '',
    family_name: name(p.family),
    given_name: name(given as string),
    birth_date: hasBirthDate ? p.birthDate : '',
    sex: hasSex ? (rng.chance(0.01) ? 'U' : p.sex) : '',
    postcode: hasPostcode ? rosterPostcode(rng, p.postcode) : '',
    local_id: localId,
  };
  return { row, meta: { person: p.id, hasNhs, hasBirthDate, hasPostcode, hasSex, givenForm } };
}

/** Rows made to be rejected: a wrong check digit, a date not as YYYY-MM-DD, too little to match. */
function junkRow(rng: Rng, b: PopulationBuilder, i: number): RosterRow {
  const family = SURNAMES.english.draw(rng);
  const given = (BRITISH_GIVEN_TABLES.F[0] as NameSource).draw(rng);
  const { postcode } = b.home(b.place(true).outward);
  const birthDate = birthDateForAge(rng, rng.int(70, 95));
  const empty: RosterRow = {
    nhs_number: '',
    family_name: '',
    given_name: '',
    birth_date: '',
    sex: '',
    postcode: '',
    local_id: '',
  };
  switch (i % 4) {
    case 0: {
      // A keying error in the NHS number: the check digit catches it.
      const good = b.nhsNumber();
      const bad = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
      return {
        ...empty,
        nhs_number: bad,
        family_name: family,
        given_name: given,
        birth_date: birthDate,
        sex: 'F',
      };
    }
    case 1: {
      const [y, m, d] = dateParts(birthDate);
      return {
        ...empty,
        family_name: family,
        given_name: given,
        birth_date: `${pad(d)}/${pad(m)}/${y}`,
        postcode,
      };
    }
    case 2:
      return { ...empty, family_name: family, given_name: given, postcode, sex: 'F' };
    default:
      return { ...empty, family_name: family, birth_date: birthDate };
  }
}

// ---------------------------------------------------------------------------------------------
// Probes.

class ProbeFactory {
  constructor(
    private readonly rng: Rng,
    private readonly b: PopulationBuilder,
    private readonly rowMeta: readonly (RowMeta | undefined)[],
  ) {}

  /** A hospital system's way with names, one per message. */
  style(): PasStyle {
    const rng = this.rng;
    const upper = rng.chance(0.6);
    return {
      upper,
      ascii: rng.chance(upper ? 0.8 : 0.4),
      apostrophe: rng.weighted([
        ['keep', 60],
        ['drop', 30],
        ['space', 10],
      ] as const),
      hyphen: rng.chance(0.25) ? 'space' : 'keep',
    };
  }

  /**
   * The hospital's record of `p`, with any overrides (the case's changes), and notes of what
   * differs from the roster row beyond the case's own change.
   */
  patient(
    p: Person,
    nhs: string | undefined,
    notes: string[],
    o: {
      family?: string;
      given?: string[];
      birthDate?: string;
      postcode?: string;
      address?: string;
      /** PID-3 as sent, instead of the RBN hospital number. */
      identifiers?: Patient['identifiers'];
    } = {},
  ): Patient {
    const rng = this.rng;
    const style = this.style();
    const family = o.family ?? p.family;
    const fullGiven = o.given ?? p.given;
    // Hospital PAS usually holds middle names; a calling name after Mohammed almost always.
    const keepMiddle =
      o.given !== undefined || rng.chance(0.8) || /^(moham|muham)/.test(foldKey(p.given[0] ?? ''));
    const given = keepMiddle ? fullGiven : fullGiven.slice(0, 1);
    const styledFamily = styleName(family, style);
    const styledGiven = given.map((g) => styleName(g, style));
    if (asciiFold(family + given.join('')) !== family + given.join('') && style.ascii)
      notes.push('ascii-folded');
    if (/['’]/.test(family) && style.apostrophe !== 'keep') notes.push(`apostrophe-${style.apostrophe}`);
    if (family.includes('-') && style.hyphen === 'space') notes.push('hyphen-space');
    const meta = p.row === undefined ? undefined : this.rowMeta[p.row];
    if (meta !== undefined && o.given === undefined) {
      if (meta.givenForm === 'calling') notes.push('roster-calling-name-only');
      else if (meta.givenForm === 'full' && given.length === 1) notes.push('middle-name-roster-only');
      else if (meta.givenForm === 'first' && given.length > 1) notes.push('middle-name-message-only');
      if (!meta.hasPostcode) notes.push('roster-no-postcode');
      if (!meta.hasSex) notes.push('roster-no-sex');
    }
    const sexRoll = rng.next();
    const sex = sexRoll < 0.01 ? 'unknown' : sexRoll < 0.015 ? undefined : p.sex === 'F' ? 'female' : 'male';
    if (sex !== (p.sex === 'F' ? 'female' : 'male')) notes.push('message-sex-unknown');
    const age = ageOn(o.birthDate ?? p.birthDate);
    const prefix = rng.chance(0.7)
      ? age < 16
        ? p.sex === 'F'
          ? 'Miss'
          : 'Master'
        : rng.chance(0.01)
          ? 'Dr'
          : p.sex === 'M'
            ? 'Mr'
            : rng.pick(['Mrs', 'Mrs', 'Miss', 'Ms'])
      : undefined;
    const postcode = o.postcode ?? p.postcode;
    const identifiers: Patient['identifiers'] = [
      ...(o.identifiers ?? [{ value: p.mrn, authority: HOME_FACILITY, type: 'MR' }]),
    ];
    if (nhs !== undefined) identifiers.unshift({ value: nhs, authority: 'NHS', type: 'NH' });
    const patient: Patient = {
      identifiers,
      name: { family: styledFamily, given: styledGiven },
      birthDate: o.birthDate ?? p.birthDate,
      address: {
        lines: [style.upper ? (o.address ?? p.addressLine).toUpperCase() : (o.address ?? p.addressLine)],
        city: style.upper ? p.town.toUpperCase() : p.town,
        postcode,
      },
      postcode,
    };
    if (nhs !== undefined) {
      if (normaliseNhsNumber(nhs) !== nhs) throw new Error(`Probe NHS number ${nhs} is not valid`);
      patient.nhsNumber = nhs;
    }
    if (prefix !== undefined && patient.name !== undefined)
      patient.name.prefix = style.upper ? prefix.toUpperCase() : prefix;
    if (sex !== undefined) patient.sex = sex;
    return patient;
  }

  /**
   * For the demographic cases: the message NHS number when the row has none (usually the
   * person's own, not on the roster), none when the row has one (so that demographics decide).
   */
  demographicNhs(p: Person, notes: string[]): string | undefined {
    const meta = this.rowMeta[p.row as number] as RowMeta;
    if (meta.hasNhs) {
      notes.push('nhs:roster-only');
      return undefined;
    }
    if (this.rng.chance(0.85)) {
      notes.push('nhs:message-only');
      return p.nhs;
    }
    notes.push('nhs:neither');
    return undefined;
  }

  /** Another valid NHS number: two digits changed, assigned to nobody. */
  unassignedNear(nhs: string): string {
    for (;;) {
      const chars = [...nhs];
      // Digits after the 999 prefix, so that the number stays in the test range.
      const i = this.rng.int(3, 9);
      let j = this.rng.int(3, 9);
      while (j === i) j = this.rng.int(3, 9);
      chars[i] = String(this.rng.int(0, 9));
      chars[j] = String(this.rng.int(0, 9));
      const candidate = chars.join('');
      if (candidate === nhs || !hasValidNhsCheckDigit(candidate)) continue;
      if (normaliseNhsNumber(candidate) === undefined || this.b.isAssignedNhs(candidate)) continue;
      return candidate;
    }
  }

  /**
   * The given name as a hospital might have it for someone it knows by NHS number: a nickname, a
   * keying error, or the middle name the person goes by.
   */
  givenVariant(p: Person, notes: string[]): string[] {
    const first = p.given[0] as string;
    const nicknames = NICKNAMES[foldKey(first)];
    const how = this.rng.weighted([
      ['nickname', nicknames === undefined ? 0 : 50],
      ['typo', letters(first) >= 4 ? 30 : 0],
      ['known-as', p.given.length > 1 ? 20 : 0],
      ['initial', 5],
    ] as const);
    if (how === 'nickname' && nicknames !== undefined) {
      const nick = this.rng.pick(nicknames);
      notes.push(`nickname:${first}→${nick}`);
      return [nick];
    }
    if (how === 'typo') {
      const [typed, op] = typo(this.rng, first);
      notes.push(`typo:${op}`);
      return [typed, ...p.given.slice(1)];
    }
    if (how === 'known-as') {
      notes.push(`known-as:${p.given[1]}`);
      return p.given.slice(1);
    }
    notes.push('initial-only');
    return [asciiFold(first).charAt(0)];
  }

  /** A new family name after marriage (sometimes double-barrelled). */
  marriedName(p: Person): string {
    const bg = this.rng.chance(0.85) ? p.background : 'english';
    for (;;) {
      const name = SURNAMES[bg].draw(this.rng);
      if (foldKey(name) === foldKey(p.family)) continue;
      if (this.rng.chance(0.1)) return `${p.family}-${name}`;
      return bg === 'eastern-european' ? feminineSurname(name, 30) : name;
    }
  }

  /** A birth date with one digit wrong, still a real date and not in the future. */
  slippedDate(date: string): string {
    const digits = date.replace(/-/g, '');
    for (;;) {
      const i = this.rng.weighted([
        [2, 10],
        [3, 30],
        [4, 5],
        [5, 15],
        [6, 15],
        [7, 25],
      ] as const);
      const chars = [...digits];
      chars[i] = String(this.rng.int(0, 9));
      const s = chars.join('');
      const y = Number(s.slice(0, 4));
      const m = Number(s.slice(4, 6));
      const d = Number(s.slice(6, 8));
      if (s === digits || !isRealDate(y, m, d)) continue;
      const iso = isoDate(y, m, d);
      if (iso > REFERENCE_DATE || isDaySwap(iso, date)) continue;
      return iso;
    }
  }

  /** A new home: same outward code (a move down the road) or elsewhere. */
  newHome(p: Person, notes: string[]): { postcode: string; address: string } {
    const outward = p.postcode.split(' ')[0] as string;
    const r = this.rng.next();
    const place = r < 0.55 ? { outward } : this.b.place(r < 0.9);
    notes.push(place.outward === outward ? 'move:same-outward' : 'move:other-district');
    const home = this.b.home(place.outward, p.postcode);
    return { postcode: home.postcode, address: home.addressLine };
  }

  /** A new home in another postcode district: anywhere, or in the same town when there is one. */
  newHomeElsewhere(p: Person, notes: string[], sameTown = false): { postcode: string; address: string } {
    const outward = p.postcode.split(' ')[0] as string;
    const districts = sameTown ? this.b.otherDistricts(outward, p.town) : [];
    let other = districts.length > 0 ? this.rng.pick(districts) : outward;
    while (other === outward) other = this.b.place(this.rng.chance(0.8)).outward;
    notes.push(districts.length > 0 ? 'move:other-district-same-town' : 'move:other-district');
    const home = this.b.home(other);
    return { postcode: home.postcode, address: home.addressLine };
  }

  /**
   * Someone not on the roster with the same family name, given names, birth date and sex as the
   * roster person `r`, living in another postcode district of the same town, with their own NHS
   * number and hospital number.
   */
  namesakeElsewhere(r: Person, notes: string[]): Person {
    const outward = r.postcode.split(' ')[0] as string;
    const districts = this.b.otherDistricts(outward, r.town);
    if (districts.length === 0) throw new Error(`${r.town} has one postcode district`);
    const district = this.rng.pick(districts);
    const home = this.b.home(district);
    notes.push(`namesake:${outward}→${district}`);
    return {
      ...r,
      id: -1,
      nhs: this.b.nhsNumber(),
      mrn: `${this.rng.pick(['K', 'N', 'S'])}${this.rng.digits(6)}`,
      given: [...r.given],
      postcode: home.postcode,
      addressLine: home.addressLine,
      household: -1,
      careHome: false,
      local: LOCAL_DISTRICTS.some(([[o]]) => o === district),
      twin: undefined,
      row: undefined,
    };
  }

  /** A namesake of a roster person: same family and first given name, a clearly different birth date. */
  namesake(r: Person, notes: string[]): Person {
    const rng = this.rng;
    const sameAddress = rng.chance(0.35);
    const rAge = ageOn(r.birthDate);
    let birthDate = '';
    for (;;) {
      // At the same address: a father and son (or mother and daughter) of the same name.
      const age = sameAddress
        ? rAge >= 40 && rng.chance(0.7)
          ? rAge - rng.int(20, 35)
          : rAge + rng.int(20, 35)
        : rng.chance(0.5)
          ? Math.max(0, rAge + rng.int(-12, 12))
          : rng.triangular(18, 70, 100);
      if (age < 0 || age > 105) continue;
      birthDate = birthDateForAge(rng, age);
      if (digitDistance(birthDate, r.birthDate) >= 2 && !isDaySwap(birthDate, r.birthDate)) break;
    }
    const outward = r.postcode.split(' ')[0] as string;
    notes.push(sameAddress ? 'namesake:same-address' : 'namesake:same-outward');
    const home = sameAddress
      ? { postcode: r.postcode, addressLine: r.addressLine }
      : this.b.home(outward, r.postcode);
    const household: Household = {
      id: -1,
      members: [],
      postcode: home.postcode,
      addressLine: home.addressLine,
      town: r.town,
      local: r.local,
      careHome: false,
    };
    const middle = this.b.givenNames(r.background, r.sex, birthDate).slice(1);
    return {
      id: -1,
      nhs: this.b.nhsNumber(),
      mrn: `${rng.pick(['K', 'N', 'S'])}${rng.digits(6)}`,
      family: r.family,
      given: [r.given[0] as string, ...middle],
      sex: r.sex,
      birthDate,
      postcode: household.postcode,
      addressLine: household.addressLine,
      town: household.town,
      background: r.background,
      household: -1,
      careHome: false,
      local: r.local,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The scenario.

function isAdultWoman(p: Person): boolean {
  return p.sex === 'F' && ageOn(p.birthDate) >= 20;
}

function letters(name: string): number {
  return foldKey(name).length;
}

/** A person's first initial, as a hospital records an initial alone (`É` → `E`). */
function initialOf(p: Person): string {
  return asciiFold(p.given[0] as string).charAt(0);
}

export function generateScenario(options: ScenarioOptions): Scenario {
  const { rosterSize, probeCount, seed } = options;
  const nhsCoverage = options.nhsCoverage ?? 0.6;
  const rng = new Rng(seed);

  // --- People and the roster ---
  const careHomes = Math.max(1, Math.round(rosterSize / 400));
  const b = buildUniverse(rng, Math.round(rosterSize * 5), careHomes);
  const onRoster = chooseRoster(rng, b, rosterSize);
  const rosterPeople = rng.shuffle(b.people.filter((p) => onRoster.has(p.id)));

  const junkCount = Math.max(4, Math.round(rosterSize * 0.002));
  const rowCount = rosterPeople.length + junkCount;
  const junkAt = new Set<number>();
  while (junkAt.size < junkCount) junkAt.add(rng.int(0, rowCount - 1));

  const rosterRows: RosterRow[] = [];
  const rowKinds: Scenario['rowKinds'] = [];
  const rowMeta: (RowMeta | undefined)[] = [];
  let scId = 100_000;
  const nextScId = (): number => {
    scId += rng.int(1, 40);
    return scId;
  };
  let nextPerson = 0;
  let junkMade = 0;
  for (let i = 0; i < rowCount; i++) {
    if (junkAt.has(i)) {
      rosterRows.push(junkRow(rng, b, junkMade++));
      rowKinds.push('junk');
      rowMeta.push(undefined);
      continue;
    }
    const p = rosterPeople[nextPerson++] as Person;
    const { row, meta } = rosterRowOf(rng, p, nhsCoverage, nextScId);
    p.row = i;
    rosterRows.push(row);
    rowKinds.push('person');
    rowMeta.push(meta);
  }
  const metaOf = (p: Person): RowMeta => rowMeta[p.row as number] as RowMeta;
  const person = (id: number): Person => b.people[id] as Person;
  const rowOf = (p: Person): number => p.row as number;
  const householdOf = (p: Person): Person[] =>
    (b.households[p.household] as Household).members.filter((id) => id !== p.id).map(person);

  // People who are their own kinds' cases, kept out of every other kind's pool: twins named as
  // forms of each other or with near spellings of each other, and both people of an NHS number
  // typed into the wrong row.
  const special = new Set<number>([...b.nicknameTwinPairs.flat(), ...b.alikeTwinPairs.flat()]);

  // --- NHS numbers typed into the wrong row ---
  // A few rows carry another roster person's NHS number instead of their own (or of none),
  // copied from a housemate's row or from a row nearby in the file, so two rows carry it.
  const nhsConflicts: { owner: Person; holder: Person; from: 'housemate' | 'nearby-row' }[] = [];
  const conflictCount = Math.max(2, Math.round(rosterSize * 0.004));
  const owners = rosterPeople.filter((p) => metaOf(p).hasNhs && p.twin === undefined && !special.has(p.id));
  const canHold = (owner: Person, holder: Person): boolean =>
    holder.id !== owner.id &&
    holder.twin === undefined &&
    !special.has(holder.id) &&
    metaOf(holder).hasBirthDate &&
    holder.birthDate !== owner.birthDate &&
    !sameNames(owner.given[0] as string).includes(foldKey(holder.given[0] as string));
  const attempts = owners.length === 0 ? 0 : conflictCount * 50;
  for (let attempt = 0; nhsConflicts.length < conflictCount && attempt < attempts; attempt++) {
    const owner = rng.pick(owners);
    if (special.has(owner.id)) continue;
    const housemates = householdOf(owner).filter((h) => onRoster.has(h.id) && canHold(owner, h));
    const from = housemates.length > 0 && rng.chance(0.5) ? 'housemate' : 'nearby-row';
    const nearby = rowMeta[rowOf(owner) + rng.pick([-3, -2, -1, 1, 2, 3])];
    const holder =
      from === 'housemate' ? rng.pick(housemates) : nearby === undefined ? undefined : person(nearby.person);
    if (holder === undefined || !canHold(owner, holder)) continue;
    (rosterRows[rowOf(holder)] as RosterRow).nhs_number = rng.chance(0.15) ? spacedNhs(owner.nhs) : owner.nhs;
    rowMeta[rowOf(holder)] = { ...metaOf(holder), hasNhs: true, nhsOf: owner.id };
    special.add(owner.id);
    special.add(holder.id);
    nhsConflicts.push({ owner, holder, from });
  }

  // --- Hospital numbers the hub learned ---
  // For about 5 % of roster people, from earlier confident matches of messages from RBN, whose
  // PAS writes its numbers with the generic authority PAS (as many trusts' systems do).
  const learnedNumbers: [Person, string][] = [];
  const usedPas = new Set<string>();
  const learnable = rng.shuffle(rosterPeople.filter((p) => !special.has(p.id)));
  for (const p of learnable.slice(0, Math.round(rosterPeople.length * 0.05))) {
    let value = rng.digits(8);
    while (usedPas.has(value)) value = rng.digits(8);
    usedPas.add(value);
    learnedNumbers.push([p, value]);
  }
  const learned: LearnedNumber[] = learnedNumbers.map(([p, value]) => ({
    facility: HOME_FACILITY,
    identifier: `PAS:${value}`,
    row: rowOf(p),
  }));
  const pasNumber = (value: string): Patient['identifiers'] => [{ value, authority: 'PAS', type: 'MR' }];

  // --- Pools of people eligible for each kind ---
  const ordinary = rosterPeople.filter((p) => !special.has(p.id));
  const offRoster = b.people.filter((p) => !onRoster.has(p.id) && !special.has(p.id));
  const withNhsRow = ordinary.filter((p) => metaOf(p).hasNhs);
  const demographic = ordinary.filter((p) => metaOf(p).hasBirthDate);
  const demographicNoNhs = demographic.filter((p) => !metaOf(p).hasNhs);
  const demographicWithNhs = demographic.filter((p) => metaOf(p).hasNhs);
  const nicknameTwinsBoth = b.nicknameTwinPairs
    .filter(([x, y]) => onRoster.has(x) && onRoster.has(y))
    .flat()
    .map(person)
    .filter((p) => metaOf(p).hasBirthDate);
  /** Of twin pairs, those with one on the roster: [the absent twin, the roster twin]. */
  const oneOnRoster = (pairs: readonly [number, number][]): [Person, Person][] =>
    pairs
      .filter(([x, y]) => onRoster.has(x) !== onRoster.has(y))
      .map(
        ([x, y]) => (onRoster.has(x) ? [person(y), person(x)] : [person(x), person(y)]) as [Person, Person],
      );
  const nicknameTwinsAbsent = oneOnRoster(b.nicknameTwinPairs);
  const alikeTwinsAbsent = oneOnRoster(b.alikeTwinPairs);
  const namesakeElsewhereOf = demographicNoNhs.filter(
    (p) => b.otherDistricts(p.postcode.split(' ')[0] as string, p.town).length > 0,
  );
  const twinsBoth = demographic.filter((p) => p.twin !== undefined && onRoster.has(p.twin));
  const absentTwins = offRoster.filter((p) => p.twin !== undefined && onRoster.has(p.twin));
  /** Absent twins (not named as forms or near spellings) whose initial is the roster twin's. */
  const sameInitialTwinsAbsent = absentTwins
    .map((p) => [p, person(p.twin as number)] as [Person, Person])
    .filter(([p, twin]) => initialOf(p) === initialOf(twin));
  const offRosterHousemates = offRoster.filter(
    (p) => p.twin === undefined && !p.careHome && householdOf(p).some((h) => onRoster.has(h.id)),
  );
  /** Roster housemates whose row carries their own NHS number. */
  const housematesWithNhs = (p: Person): Person[] =>
    householdOf(p).filter((h) => onRoster.has(h.id) && !special.has(h.id) && metaOf(h).hasNhs);

  /** Demographic cases mostly come from rows without an NHS number, some from rows with one. */
  const demographicPerson = (filter: (p: Person) => boolean): Person | undefined => {
    const preferred = rng.chance(0.7) ? demographicNoNhs : demographicWithNhs;
    for (const pool of [preferred, demographic]) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const p = rng.pick(pool);
        if (filter(p)) return p;
      }
    }
    const all = demographic.filter(filter);
    return all.length === 0 ? undefined : rng.pick(all);
  };

  const factory = new ProbeFactory(rng, b, rowMeta);

  /**
   * For an absent twin: no NHS number on at least one side. None in the message when the roster
   * twin's row has one; else usually the absent twin's own (on no roster row).
   */
  const absentTwinNhs = (p: Person, twin: Person, notes: string[]): string | undefined => {
    if (metaOf(twin).hasNhs) {
      notes.push('nhs:roster-twin-only');
      return undefined;
    }
    if (rng.chance(0.85)) {
      notes.push('nhs:message-only');
      return p.nhs;
    }
    notes.push('nhs:neither');
    return undefined;
  };

  const makeProbe = (kind: CaseKind): ScenarioProbe | undefined => {
    const notes: string[] = [];
    const probe = (truth: number | null, patient: Patient, facility = HOME_FACILITY): ScenarioProbe => ({
      patient,
      facility,
      truth,
      kind,
      notes,
    });
    switch (kind) {
      case 'nhs-clean': {
        const p = rng.pick(withNhsRow);
        notes.push('nhs:corroborated');
        return probe(p.row as number, factory.patient(p, p.nhs, notes));
      }
      case 'nhs-given-variant': {
        const pool = withNhsRow.filter((q) => metaOf(q).hasBirthDate && metaOf(q).givenForm !== 'calling');
        if (pool.length === 0) return undefined;
        const p = rng.pick(pool);
        notes.push('nhs:corroborated');
        return probe(
          p.row as number,
          factory.patient(p, p.nhs, notes, { given: factory.givenVariant(p, notes) }),
        );
      }
      case 'nhs-married-name': {
        const pool = withNhsRow.filter(isAdultWoman);
        if (pool.length === 0) return undefined;
        const p = rng.pick(pool);
        notes.push('nhs:corroborated');
        return probe(p.row as number, factory.patient(p, p.nhs, notes, { family: factory.marriedName(p) }));
      }
      case 'demographics-clean': {
        const p = demographicPerson(() => true);
        if (p === undefined) return undefined;
        return probe(p.row as number, factory.patient(p, factory.demographicNhs(p, notes), notes));
      }
      case 'twin': {
        if (twinsBoth.length === 0) return undefined;
        const p = rng.pick(twinsBoth);
        return probe(p.row as number, factory.patient(p, factory.demographicNhs(p, notes), notes));
      }
      case 'nickname': {
        const p = demographicPerson((q) => NICKNAMES[foldKey(q.given[0] as string)] !== undefined);
        if (p === undefined) return undefined;
        const nick = rng.pick(NICKNAMES[foldKey(p.given[0] as string)] as readonly string[]);
        notes.push(`nickname:${p.given[0]}→${nick}`);
        const nhs = factory.demographicNhs(p, notes);
        return probe(p.row as number, factory.patient(p, nhs, notes, { given: [nick] }));
      }
      case 'initial-only': {
        const p = demographicPerson(() => true);
        if (p === undefined) return undefined;
        const initial = asciiFold(p.given[0] as string).charAt(0);
        const nhs = factory.demographicNhs(p, notes);
        return probe(p.row as number, factory.patient(p, nhs, notes, { given: [initial] }));
      }
      case 'typo-family': {
        const p = demographicPerson((q) => letters(q.family) >= 4);
        if (p === undefined) return undefined;
        const [family, op] = typo(rng, p.family);
        notes.push(`typo:${op}`);
        const nhs = factory.demographicNhs(p, notes);
        return probe(p.row as number, factory.patient(p, nhs, notes, { family }));
      }
      case 'typo-given': {
        const p = demographicPerson(
          (q) => letters(q.given[0] as string) >= 4 && metaOf(q).givenForm !== 'calling',
        );
        if (p === undefined) return undefined;
        const [first, op] = typo(rng, p.given[0] as string);
        notes.push(`typo:${op}`);
        const nhs = factory.demographicNhs(p, notes);
        return probe(
          p.row as number,
          factory.patient(p, nhs, notes, { given: [first, ...p.given.slice(1)] }),
        );
      }
      case 'dob-swap': {
        const p = demographicPerson((q) => {
          const [, m, d] = dateParts(q.birthDate);
          return d <= 12 && d !== m;
        });
        if (p === undefined) return undefined;
        const [y, m, d] = dateParts(p.birthDate);
        const nhs = factory.demographicNhs(p, notes);
        return probe(p.row as number, factory.patient(p, nhs, notes, { birthDate: isoDate(y, d, m) }));
      }
      case 'dob-slip': {
        const p = demographicPerson(() => true);
        if (p === undefined) return undefined;
        const nhs = factory.demographicNhs(p, notes);
        return probe(
          p.row as number,
          factory.patient(p, nhs, notes, { birthDate: factory.slippedDate(p.birthDate) }),
        );
      }
      case 'moved-postcode': {
        const p = demographicPerson((q) => metaOf(q).hasPostcode);
        if (p === undefined) return undefined;
        const home = factory.newHome(p, notes);
        const nhs = factory.demographicNhs(p, notes);
        return probe(
          p.row as number,
          factory.patient(p, nhs, notes, { postcode: home.postcode, address: home.address }),
        );
      }
      case 'no-fixed-abode': {
        const p = demographicPerson((q) => metaOf(q).hasPostcode);
        if (p === undefined) return undefined;
        notes.push('postcode:ZZ99 3VZ');
        const nhs = factory.demographicNhs(p, notes);
        return probe(
          p.row as number,
          factory.patient(p, nhs, notes, {
            postcode: 'ZZ99 3VZ',
            address: 'No fixed abode',
          }),
        );
      }
      case 'married-name-no-nhs': {
        const p = demographicPerson(isAdultWoman);
        if (p === undefined) return undefined;
        const nhs = factory.demographicNhs(p, notes);
        return probe(p.row as number, factory.patient(p, nhs, notes, { family: factory.marriedName(p) }));
      }
      case 'not-on-roster': {
        const p = rng.pick(offRoster);
        const nhs = rng.chance(0.85) ? p.nhs : undefined;
        notes.push(p.local ? 'local' : 'out-of-area', nhs === undefined ? 'nhs:none' : 'nhs:message-only');
        return probe(null, factory.patient(p, nhs, notes));
      }
      case 'household-member': {
        if (offRosterHousemates.length === 0) return undefined;
        const p = rng.pick(offRosterHousemates);
        const nhs = rng.chance(0.85) ? p.nhs : undefined;
        notes.push(nhs === undefined ? 'nhs:none' : 'nhs:message-only');
        if (householdOf(p).some((h) => onRoster.has(h.id) && foldKey(h.family) === foldKey(p.family)))
          notes.push('shares-family-name');
        return probe(null, factory.patient(p, nhs, notes));
      }
      case 'namesake': {
        const r = demographicPerson(() => true);
        if (r === undefined) return undefined;
        const p = factory.namesake(r, notes);
        const nhs = rng.chance(0.85) ? p.nhs : undefined;
        notes.push(nhs === undefined ? 'nhs:none' : 'nhs:message-only');
        return probe(null, factory.patient(p, nhs, notes));
      }
      case 'absent-twin': {
        if (absentTwins.length === 0) return undefined;
        const p = rng.pick(absentTwins);
        const nhs = rng.chance(0.85) ? p.nhs : undefined;
        notes.push(nhs === undefined ? 'nhs:none' : 'nhs:message-only');
        return probe(null, factory.patient(p, nhs, notes));
      }
      case 'mistyped-nhs': {
        // Another roster person's number: most often a housemate's (a spouse's, a parent's).
        const p = rng.pick(ordinary);
        const housemates = housematesWithNhs(p);
        let other = housemates.length > 0 && rng.chance(0.6) ? rng.pick(housemates) : rng.pick(withNhsRow);
        while (other.id === p.id) other = rng.pick(withNhsRow);
        notes.push(
          housemates.includes(other) ? 'nhs:housemate-on-roster' : 'nhs:stranger-on-roster',
          metaOf(p).hasNhs ? 'truth-row-has-nhs' : 'truth-row-no-nhs',
        );
        return probe(p.row as number, factory.patient(p, other.nhs, notes));
      }
      case 'mistyped-nhs-unassigned': {
        const p = rng.pick(withNhsRow);
        notes.push('nhs:unassigned', 'truth-row-has-nhs');
        return probe(p.row as number, factory.patient(p, factory.unassignedNear(p.nhs), notes));
      }
      case 'mistyped-nhs-absent': {
        // Someone not on the roster, with a roster person's number (a housemate's, when one is).
        const candidates = offRosterHousemates.filter((q) => housematesWithNhs(q).length > 0);
        const housemate = candidates.length > 0 && rng.chance(0.6);
        const p = housemate ? rng.pick(candidates) : rng.pick(offRoster);
        const owner = housemate ? rng.pick(housematesWithNhs(p)) : rng.pick(withNhsRow);
        notes.push(housemate ? 'nhs:housemate-on-roster' : 'nhs:stranger-on-roster');
        return probe(null, factory.patient(p, owner.nhs, notes));
      }
      case 'row-nhs-conflict': {
        if (nhsConflicts.length === 0) return undefined;
        const { owner, from } = rng.pick(nhsConflicts);
        notes.push('nhs:corroborated', `nhs:also-in-${from}`);
        return probe(rowOf(owner), factory.patient(owner, owner.nhs, notes));
      }
      case 'row-nhs-conflict-holder': {
        if (nhsConflicts.length === 0) return undefined;
        const { holder, from } = rng.pick(nhsConflicts);
        // The message has no NHS number, or the person's own (which is on no roster row).
        const own = rng.chance(0.4);
        notes.push(`row-nhs-of-${from}`, own ? 'nhs:message-own-not-on-roster' : 'nhs:none');
        return probe(rowOf(holder), factory.patient(holder, own ? holder.nhs : undefined, notes));
      }
      case 'twin-nickname-both': {
        if (nicknameTwinsBoth.length === 0) return undefined;
        const p = rng.pick(nicknameTwinsBoth);
        notes.push(`twin-names:${p.given[0]}/${person(p.twin as number).given[0]}`);
        return probe(rowOf(p), factory.patient(p, factory.demographicNhs(p, notes), notes));
      }
      case 'twin-nickname-absent': {
        if (nicknameTwinsAbsent.length === 0) return undefined;
        const [p, twin] = rng.pick(nicknameTwinsAbsent);
        notes.push(`twin-names:${p.given[0]}/${twin.given[0]}`);
        return probe(null, factory.patient(p, absentTwinNhs(p, twin, notes), notes));
      }
      case 'twin-alike-absent': {
        if (alikeTwinsAbsent.length === 0) return undefined;
        const [p, twin] = rng.pick(alikeTwinsAbsent);
        notes.push(`twin-names:${p.given[0]}/${twin.given[0]}`);
        return probe(null, factory.patient(p, absentTwinNhs(p, twin, notes), notes));
      }
      case 'absent-twin-initial': {
        if (sameInitialTwinsAbsent.length === 0) return undefined;
        const [p, twin] = rng.pick(sameInitialTwinsAbsent);
        const initial = initialOf(p);
        notes.push(`twin-initial:${initial} (${p.given[0]}/${twin.given[0]})`);
        if (p.sex !== twin.sex) notes.push('twin-sex:other');
        const nhs = absentTwinNhs(p, twin, notes);
        return probe(null, factory.patient(p, nhs, notes, { given: [initial] }));
      }
      case 'namesake-elsewhere': {
        if (namesakeElsewhereOf.length === 0) return undefined;
        const namesake = factory.namesakeElsewhere(rng.pick(namesakeElsewhereOf), notes);
        notes.push('nhs:message-only');
        return probe(null, factory.patient(namesake, namesake.nhs, notes));
      }
      case 'learned-hospital-number': {
        if (learnedNumbers.length === 0) return undefined;
        const [p, value] = rng.pick(learnedNumbers);
        notes.push('hospital-number:learned', 'nhs:none');
        const change = rng.weighted([
          ['move', 50],
          ['dob-slip', 20],
          ['typo-given', letters(p.given[0] as string) >= 4 ? 15 : 0],
          ['family', isAdultWoman(p) || letters(p.family) >= 4 ? 15 : 0],
        ] as const);
        const identifiers = pasNumber(value);
        if (change === 'move') {
          const home = factory.newHomeElsewhere(p, notes);
          return probe(
            rowOf(p),
            factory.patient(p, undefined, notes, {
              postcode: home.postcode,
              address: home.address,
              identifiers,
            }),
          );
        }
        if (change === 'dob-slip') {
          notes.push('dob-slip');
          const birthDate = factory.slippedDate(p.birthDate);
          return probe(rowOf(p), factory.patient(p, undefined, notes, { birthDate, identifiers }));
        }
        if (change === 'typo-given') {
          const [first, op] = typo(rng, p.given[0] as string);
          notes.push(`typo-given:${op}`);
          const given = [first, ...p.given.slice(1)];
          return probe(rowOf(p), factory.patient(p, undefined, notes, { given, identifiers }));
        }
        let family: string;
        if (isAdultWoman(p)) {
          family = factory.marriedName(p);
          notes.push('married-name');
        } else {
          const [typed, op] = typo(rng, p.family);
          family = typed;
          notes.push(`typo-family:${op}`);
        }
        return probe(rowOf(p), factory.patient(p, undefined, notes, { family, identifiers }));
      }
      case 'hospital-number-other-trust': {
        if (learnedNumbers.length === 0) return undefined;
        const [owner, value] = rng.pick(learnedNumbers);
        // Someone else entirely: the number is the other trust's, for its own patient.
        let p = rng.pick(offRoster);
        while (
          foldKey(p.family) === foldKey(owner.family) ||
          sameNames(owner.given[0] as string).includes(foldKey(p.given[0] as string)) ||
          p.birthDate === owner.birthDate
        )
          p = rng.pick(offRoster);
        notes.push(
          'hospital-number:learned-at-another-facility',
          'nhs:none',
          p.local ? 'local' : 'out-of-area',
        );
        return probe(
          null,
          factory.patient(p, undefined, notes, { identifiers: pasNumber(value) }),
          OTHER_FACILITY,
        );
      }
    }
  };

  // --- The mix ---
  const shares = CASE_KIND_NAMES.map(
    (kind) => [kind, options.mix?.[kind] ?? CASE_KINDS[kind].share] as const,
  );
  const totalShare = shares.reduce((sum, [, s]) => sum + s, 0);
  const counts = shares.map(([kind, s]) => [kind, Math.round((s / totalShare) * probeCount)] as const);
  const assigned = counts.reduce((sum, [, n]) => sum + n, 0);
  const plan: CaseKind[] = [];
  for (const [kind, n] of counts) for (let i = 0; i < n; i++) plan.push(kind);
  for (let i = assigned; i < probeCount; i++) plan.push('nhs-clean');
  plan.length = probeCount;

  let replacedProbes = 0;
  const probes: ScenarioProbe[] = [];
  for (const kind of plan) {
    let made = makeProbe(kind);
    if (made === undefined) {
      replacedProbes++;
      made = makeProbe('nhs-clean') as ScenarioProbe;
    }
    probes.push(made);
  }
  rng.shuffle(probes);

  // --- Statistics ---
  const nameCount = new Map<string, number>();
  const postcodeCount = new Map<string, number>();
  for (const p of rosterPeople) {
    const key = `${foldKey(p.family)}|${foldKey(p.given[0] as string)}`;
    nameCount.set(key, (nameCount.get(key) ?? 0) + 1);
    postcodeCount.set(p.postcode, (postcodeCount.get(p.postcode) ?? 0) + 1);
  }
  const stats: ScenarioStats = {
    universe: b.people.length,
    households: b.households.length,
    careHomes,
    rosterPeople: rosterPeople.length,
    junkRows: junkCount,
    rowsWithNhs: rosterPeople.filter((p) => metaOf(p).hasNhs).length,
    rowsWithLocalId: rosterRows.filter((r) => r.local_id !== '').length,
    rowsWithHospitalNumber: rosterRows.filter((r) => r.local_id.startsWith('RBN:')).length,
    aged65Plus: rosterPeople.filter((p) => ageOn(p.birthDate) >= 65).length,
    sharingName: rosterPeople.filter(
      (p) => (nameCount.get(`${foldKey(p.family)}|${foldKey(p.given[0] as string)}`) ?? 0) > 1,
    ).length,
    sharingPostcode: rosterPeople.filter((p) => (postcodeCount.get(p.postcode) ?? 0) > 1).length,
    twinPairsBothOnRoster: b.twinPairs.filter(([x, y]) => onRoster.has(x) && onRoster.has(y)).length,
    twinPairsOneOnRoster: b.twinPairs.filter(([x, y]) => onRoster.has(x) !== onRoster.has(y)).length,
    nicknameTwinPairsBothOnRoster: b.nicknameTwinPairs.filter(([x, y]) => onRoster.has(x) && onRoster.has(y))
      .length,
    nicknameTwinPairsOneOnRoster: nicknameTwinsAbsent.length,
    alikeTwinPairsBothOnRoster: b.alikeTwinPairs.filter(([x, y]) => onRoster.has(x) && onRoster.has(y))
      .length,
    alikeTwinPairsOneOnRoster: alikeTwinsAbsent.length,
    sameInitialTwinPairsOneOnRoster: sameInitialTwinsAbsent.length,
    rowsWithAnotherPersonsNhs: nhsConflicts.length,
    learnedNumbers: learned.length,
    replacedProbes,
  };
  return { rosterRows, rowKinds, learned, probes, stats };
}
