// The demo's world: a GP practice (webhook) and a social-care team (SQS), the people they know,
// and a sample ADT feed from a hospital, RBN, with what each subscriber should hear. Synthetic:
// the NHS numbers are in the 999 test range.
import type { AdtEventName } from '../../functions/core/normalise/events.ts';

export const GP = { id: 'N81001', name: 'Green Street Surgery (GP, webhook)', practice: 'N81001' };
export const SOCIAL_CARE = { id: 'SC-STHELENS', name: 'St Helens adult social care (SQS)' };

interface DemoPerson {
  mrn: string;
  nhs?: string;
  family: string;
  given: string;
  birth: string;
  sex: 'F' | 'M';
  postcode: string;
  practice: string;
}

const PEOPLE = {
  ashworth: {
    mrn: 'RBN100001',
    nhs: '9991000003',
    family: 'Ashworth',
    given: 'Margaret',
    birth: '19380512',
    sex: 'F',
    postcode: 'WA10 2AB',
    practice: 'N81001',
  },
  okafor: {
    mrn: 'RBN100002',
    family: 'Okafor',
    given: 'Samuel',
    birth: '19450903',
    sex: 'M',
    postcode: 'WA9 4XY',
    practice: 'Y02001',
  },
  lloyd: {
    mrn: 'RBN100003',
    nhs: '9991000143',
    family: 'Lloyd',
    given: 'Dennis',
    birth: '19330127',
    sex: 'M',
    postcode: 'WA11 7QS',
    practice: 'N81001',
  },
  kowalska: {
    mrn: 'RBN100004',
    nhs: '9991000216',
    family: 'Kowalska',
    given: 'Zofia',
    birth: '19910618',
    sex: 'F',
    postcode: 'WA10 5LT',
    practice: 'N81001',
  },
  bibi: {
    mrn: 'RBN100005',
    nhs: '9991000283',
    family: 'Bibi',
    given: 'Amina',
    birth: '19560221',
    sex: 'F',
    postcode: 'WA9 1EE',
    practice: 'N81001',
  },
  stranger: {
    mrn: 'RBN100006',
    nhs: '9991000356',
    family: 'Fairclough',
    given: 'Terence',
    birth: '19600808',
    sex: 'M',
    postcode: 'L35 9ZZ',
    practice: 'Y09999',
  },
} satisfies Record<string, DemoPerson>;

/** The rosters, as the subscribers would upload them (ARCHITECTURE §4.4). */
export const ROSTERS: Record<string, Record<string, string>[]> = {
  [GP.id]: [
    {
      nhs_number: '9991000003',
      family_name: 'Ashworth',
      given_name: 'Margaret',
      birth_date: '1938-05-12',
      sex: 'F',
      postcode: 'WA10 2AB',
    },
    {
      nhs_number: '9991000143',
      family_name: 'Lloyd',
      given_name: 'Dennis',
      birth_date: '1933-01-27',
      sex: 'M',
      postcode: 'WA11 7QS',
    },
    {
      nhs_number: '9991000283',
      family_name: 'Bibi',
      given_name: 'Amina',
      birth_date: '1956-02-21',
      sex: 'F',
      postcode: 'WA9 1EE',
    },
  ],
  // Social care knows people by its own ids, often without an NHS number, and by the name they go by.
  [SOCIAL_CARE.id]: [
    {
      family_name: 'Ashworth',
      given_name: 'Maggie',
      birth_date: '1938-05-12',
      sex: 'F',
      postcode: 'WA10 2AB',
      local_id: 'SC:100239',
    },
    {
      family_name: 'Okafor',
      given_name: 'Samuel',
      birth_date: '1945-09-03',
      sex: 'M',
      postcode: 'WA9 4XY',
      local_id: 'SC:100240',
    },
  ],
};

export interface FeedMessage {
  /** What a person watching the demo reads. */
  label: string;
  controlId: string;
  hl7: string;
  /** The ACK code the hub should answer. */
  ack: 'AA' | 'AE';
  /** Who should be told, with which event. */
  expect: { subscriberId: string; event: AdtEventName }[];
}

function ts(date: Date): string {
  const london = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string) => london.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}${part('second')}`;
}

function message(
  controlId: string,
  trigger: string,
  person: DemoPerson | undefined,
  at: Date,
  visit: string,
  pv1: Record<number, string>,
): string {
  const fields = (name: string, values: Record<number, string>) => {
    const last = Math.max(...Object.keys(values).map(Number));
    return name + Array.from({ length: last }, (_, i) => `|${values[i + 1] ?? ''}`).join('');
  };
  const segments = [
    `MSH|^~\\&|PAS|RBN|ADTHUB|ADTHUB|${ts(at)}||ADT^${trigger}|${controlId}|P|2.4`,
    fields('EVN', { 1: trigger, 2: ts(at) }),
  ];
  if (person !== undefined) {
    const ids = [person.nhs === undefined ? undefined : `${person.nhs}^^^NHS^NH`, `${person.mrn}^^^RBN^MR`]
      .filter(Boolean)
      .join('~');
    segments.push(
      fields('PID', {
        1: '1',
        3: ids,
        5: `${person.family}^${person.given}`,
        7: person.birth,
        8: person.sex,
        11: `1 Demo Street^^St Helens^^${person.postcode}`,
      }),
      fields('PD1', { 3: `^^${person.practice}` }),
    );
  }
  segments.push(fields('PV1', { 1: '1', 19: visit, ...pv1 }));
  return `${segments.join('\r')}\r`;
}

/** The sample feed, with control ids unique to this run (a restarted hub remembers earlier ones). */
export function demoFeed(runId: string, now: Date): FeedMessage[] {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const id = (n: number) => `${runId}${String(n).padStart(2, '0')}`;
  const both = (event: AdtEventName) => [
    { subscriberId: GP.id, event },
    { subscriberId: SOCIAL_CARE.id, event },
  ];
  const first = message(id(1), 'A01', PEOPLE.ashworth, at(240), 'V9001', {
    2: 'I',
    3: 'AMU^^^RBN',
    44: ts(at(240)),
  });
  return [
    {
      label: 'Margaret Ashworth admitted',
      controlId: id(1),
      hl7: first,
      ack: 'AA',
      expect: both('admission'),
    },
    {
      label: 'Margaret Ashworth moved to ward 5',
      controlId: id(2),
      hl7: message(id(2), 'A02', PEOPLE.ashworth, at(180), 'V9001', {
        2: 'I',
        3: 'WARD5^^^RBN',
        6: 'AMU^^^RBN',
      }),
      ack: 'AA',
      expect: both('transfer'),
    },
    {
      label: 'Margaret Ashworth discharged home',
      controlId: id(3),
      hl7: message(id(3), 'A03', PEOPLE.ashworth, at(30), 'V9001', {
        2: 'I',
        3: 'WARD5^^^RBN',
        36: '1',
        37: '19',
        45: ts(at(30)),
      }),
      ack: 'AA',
      expect: both('discharge'),
    },
    {
      label: 'Samuel Okafor admitted',
      controlId: id(4),
      hl7: message(id(4), 'A01', PEOPLE.okafor, at(300), 'V9002', { 2: 'I', 3: 'WARD7^^^RBN' }),
      ack: 'AA',
      expect: [{ subscriberId: SOCIAL_CARE.id, event: 'admission' }],
    },
    {
      label: 'Samuel Okafor discharged to a care home',
      controlId: id(5),
      hl7: message(id(5), 'A03', PEOPLE.okafor, at(20), 'V9002', {
        2: 'I',
        3: 'WARD7^^^RBN',
        36: '1',
        37: '54',
        45: ts(at(20)),
      }),
      ack: 'AA',
      expect: [{ subscriberId: SOCIAL_CARE.id, event: 'discharge' }],
    },
    {
      label: 'Dennis Lloyd died in hospital',
      controlId: id(6),
      hl7: message(id(6), 'A03', PEOPLE.lloyd, at(60), 'V9003', {
        2: 'I',
        3: 'WARD2^^^RBN',
        36: '4',
        37: '79',
        45: ts(at(60)),
      }),
      ack: 'AA',
      expect: [{ subscriberId: GP.id, event: 'death' }],
    },
    {
      label: 'Zofia Kowalska at A&E (the practice hears of her by PD1)',
      controlId: id(7),
      hl7: message(id(7), 'A04', PEOPLE.kowalska, at(90), 'E9004', { 2: 'E', 3: 'ED^^^RBN' }),
      ack: 'AA',
      expect: [{ subscriberId: GP.id, event: 'emergency-attendance' }],
    },
    {
      label: 'Amina Bibi admitted',
      controlId: id(8),
      hl7: message(id(8), 'A01', PEOPLE.bibi, at(50), 'V9005', { 2: 'I', 3: 'AMU^^^RBN' }),
      ack: 'AA',
      expect: [{ subscriberId: GP.id, event: 'admission' }],
    },
    {
      label: 'Amina Bibi’s admission cancelled',
      controlId: id(9),
      hl7: message(id(9), 'A11', PEOPLE.bibi, at(45), 'V9005', { 2: 'I', 3: 'AMU^^^RBN' }),
      ack: 'AA',
      expect: [{ subscriberId: GP.id, event: 'cancel-admission' }],
    },
    { label: 'the first message again (a duplicate)', controlId: id(1), hl7: first, ack: 'AA', expect: [] },
    {
      label: 'a message without a patient (bad)',
      controlId: id(11),
      hl7: message(id(11), 'A01', undefined, at(10), 'V9006', { 2: 'I' }),
      ack: 'AE',
      expect: [],
    },
    {
      label: 'Terence Fairclough admitted (nobody knows him)',
      controlId: id(12),
      hl7: message(id(12), 'A01', PEOPLE.stranger, at(5), 'V9007', { 2: 'I', 3: 'WARD9^^^RBN' }),
      ack: 'AA',
      expect: [],
    },
  ];
}
