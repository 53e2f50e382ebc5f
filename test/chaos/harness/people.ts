// Synthetic people for the fault scenarios (NHS numbers in the 999 test range, made-up names and
// postcodes), the ADT messages about them (built with test/helpers/hl7.ts), and the roster CSV a
// subscriber loads. Each message knows which alerts it should cause, so a scenario can say how
// many it expects from what the hub acknowledged.
import { msh, segment } from '../../helpers/hl7.ts';

export interface Person {
  nhsNumber: string;
  family: string;
  given: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'F' | 'M';
  postcode: string;
  /** The hospital's own number (PID-3, type MR), which is also the FIFO group. */
  hospitalNumber: string;
  /** The subscriber's own id for the person, in its roster. */
  localId: string;
}

/** A seeded pseudo-random source (mulberry32), so a run can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The modulus-11 check digit of nine digits, or undefined when none exists (remainder 1). */
function checkDigit(nine: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** Valid NHS numbers in the 999 test range, one per call, from `start` upwards. */
function* testNhsNumbers(start: number): Generator<string> {
  for (let n = start; n < 1_000_000; n++) {
    const nine = `999${String(n).padStart(6, '0')}`;
    const check = checkDigit(nine);
    if (check !== undefined) yield `${nine}${check}`;
  }
}

const GIVEN = ['Alex', 'Sam', 'Jo', 'Robin', 'Charlie', 'Morgan', 'Jamie', 'Casey', 'Riley', 'Drew'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A family name no other synthetic person shares: `Chaos` + the index in letters. */
function familyName(index: number): string {
  let suffix = '';
  let n = index;
  do {
    suffix = LETTERS[n % 26] + suffix;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `Chaos${suffix}`;
}

/**
 * `count` distinct people. `block` keeps scenarios apart (each takes its own range of NHS numbers
 * and hospital numbers), so two people never share a name, a birth date and a number.
 */
export function syntheticPeople(count: number, block: number): Person[] {
  const numbers = testNhsNumbers(block * 10_000);
  return Array.from({ length: count }, (_, i) => {
    const index = block * 10_000 + i;
    const nhsNumber = numbers.next().value as string;
    const year = 1930 + (index % 70);
    const month = String(1 + (index % 12)).padStart(2, '0');
    const day = String(1 + (Math.floor(index / 12) % 28)).padStart(2, '0');
    return {
      nhsNumber,
      family: familyName(index),
      given: GIVEN[index % GIVEN.length] as string,
      birthDate: `${year}-${month}-${day}`,
      sex: index % 2 === 0 ? 'F' : 'M',
      postcode: `ZZ${1 + (index % 9)} ${1 + (index % 9)}${LETTERS[index % 26]?.toUpperCase()}${LETTERS[(index + 7) % 26]?.toUpperCase()}`,
      hospitalNumber: `CH${String(index).padStart(7, '0')}`,
      localId: `SC:${String(500_000 + index)}`,
    };
  });
}

/** The roster CSV of §4.4 holding these people. */
export function rosterCsv(people: readonly Person[]): string {
  const rows = people.map((p) =>
    [p.nhsNumber, p.family, p.given, p.birthDate, p.sex, p.postcode, p.localId].join(','),
  );
  return `nhs_number,family_name,given_name,birth_date,sex,postcode,local_id\n${rows.join('\n')}\n`;
}

/** The triggers the scenarios send, and the event each becomes (ARCHITECTURE §4.1). */
export const TRIGGERS = {
  A01: 'admission',
  A02: 'transfer',
  A03: 'discharge',
  A08: 'update',
  A11: 'cancel-admission',
} as const;
export type Trigger = keyof typeof TRIGGERS;
/** MSH-9.3, the message structure each trigger uses in v2.4. */
const STRUCTURES: Record<Trigger, string> = { A01: 'A01', A02: 'A02', A03: 'A03', A08: 'A01', A11: 'A09' };
export type EventName = (typeof TRIGGERS)[Trigger];

/**
 * What a subscriber receives when none are named (§4.5); `update` is not among them. A cancel
 * alerts whoever had the admission it withdraws: in these stories, whoever holds the person.
 */
const DEFAULT_EVENTS: readonly EventName[] = ['admission', 'transfer', 'discharge', 'cancel-admission'];

export interface PlannedMessage {
  /** Unique within a scenario; what the ledger keys the message by. */
  label: string;
  person: Person;
  trigger: Trigger;
  event: EventName;
  /** Position in the person's story: its alerts must arrive in this order. */
  step: number;
  facility: string;
  controlId: string;
  /** The message text; `mshTime` replaces MSH-7 (a resend with a new MSH-7 is the same message). */
  render(mshTime?: string): string;
  /** The subscribers that should be alerted, given the rosters loaded. */
  alertsFor: string[];
}

/** The HL7 TS of a moment: YYYYMMDDHHMMSS (local time is irrelevant to these tests). */
export function hl7Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface MessageOptions {
  person: Person;
  trigger: Trigger;
  controlId: string;
  /** Position in the person's story, so event times increase. */
  step: number;
  facility?: string;
  label?: string;
  /** Subscribers whose roster holds the person (alerted for the default events). */
  rosterHolders?: readonly string[];
}

/** One ADT message about a person, as a hospital PAS would send it. */
export function plannedMessage(options: MessageOptions): PlannedMessage {
  const { person, trigger, controlId, step } = options;
  const facility = options.facility ?? 'RBN';
  const event = TRIGGERS[trigger];
  // Event times march on per person: admission, then transfer, then discharge.
  const occurred = new Date(Date.UTC(2026, 10, 20, 8, 0, 0) + step * 3_600_000);
  const admitted = new Date(Date.UTC(2026, 10, 20, 8, 0, 0));
  const visit = `V${person.hospitalNumber}`;
  const pv1: Record<number, string> = {
    1: '1',
    2: 'I',
    3: `${trigger === 'A02' ? 'WARD7' : 'WARD5'}^^^${facility}`,
    19: visit,
    44: hl7Time(admitted),
  };
  // A discharge home (PV1-36 method 1, PV1-37 destination 19) at the event time.
  if (trigger === 'A03') Object.assign(pv1, { 36: '1', 37: '19', 45: hl7Time(occurred) });
  const render = (mshTime?: string) =>
    [
      msh({
        4: facility,
        7: mshTime ?? hl7Time(new Date(occurred.getTime() + 60_000)),
        9: `ADT^${trigger}^ADT_${STRUCTURES[trigger]}`,
        10: controlId,
      }),
      segment('EVN', { 1: trigger, 2: hl7Time(occurred) }),
      segment('PID', {
        1: '1',
        3: `${person.nhsNumber}^^^NHS^NH~${person.hospitalNumber}^^^${facility}^MR`,
        5: `${person.family}^${person.given}`,
        7: person.birthDate.replace(/-/g, ''),
        8: person.sex,
        11: `1 Chaos Street^^Testtown^^${person.postcode}`,
      }),
      segment('PV1', pv1),
    ].join('\r');
  return {
    label: options.label ?? `${facility}|${controlId}`,
    person,
    trigger,
    event,
    step,
    facility,
    controlId,
    render,
    alertsFor: DEFAULT_EVENTS.includes(event) ? [...(options.rosterHolders ?? [])] : [],
  };
}

/**
 * Each person's story (by default admitted, transferred, discharged, then an A08 that alerts no
 * one), with control ids unique in the scenario.
 */
export function stories(
  people: readonly Person[],
  options: {
    prefix: string;
    /** One story for everyone, or a story per person (by index). */
    triggers?: readonly Trigger[] | ((index: number) => readonly Trigger[]);
    rosterHolders?: readonly string[];
  },
): PlannedMessage[][] {
  const { triggers = ['A01', 'A02', 'A03', 'A08'] } = options;
  return people.map((person, p) =>
    (typeof triggers === 'function' ? triggers(p) : triggers).map((trigger, step) =>
      plannedMessage({
        person,
        trigger,
        step,
        controlId: `${options.prefix}${String(p).padStart(4, '0')}${step}`,
        rosterHolders: options.rosterHolders,
      }),
    ),
  );
}
