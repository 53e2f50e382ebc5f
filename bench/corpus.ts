// Synthetic HL7 v2 ADT corpus for the benchmarks: a deterministic (seeded) generator of varied,
// realistic-looking messages as a UK hospital PAS would send them. Every person, number and place
// in it is made up: NHS numbers are drawn from the 999 test range, phone numbers from Ofcom's
// drama ranges. The same count and seed always give the same messages.

import { Rng } from './lib/random.ts';

// ---------------------------------------------------------------------------------------------
// Segment building: fields are placed by their number, so PV1-19 really is the 19th field.

type Fields = Readonly<Record<number, string | undefined>>;

/**
 * One segment with each value at its field number; gaps are left empty and trailing empty fields
 * dropped. For MSH, field 1 is the field separator itself and field 2 the encoding characters,
 * so `{ 3: 'PAS' }` gives `MSH|^~\&|PAS`.
 */
function segment(name: string, fields: Fields): string {
  let last = 0;
  for (const key of Object.keys(fields)) {
    const n = Number(key);
    const value = fields[n];
    if (value !== undefined && value !== '' && n > last) last = n;
  }
  const first = name === 'MSH' ? 2 : 1;
  const values: string[] = [];
  for (let n = first; n <= last; n++) values.push(name === 'MSH' && n === 2 ? '^~\\&' : (fields[n] ?? ''));
  if (name === 'MSH' && last < 2) values.push('^~\\&');
  return `${name}|${values.join('|')}`;
}

/** Components joined by `^`, trailing empty ones dropped. */
function comp(...parts: (string | undefined)[]): string {
  let end = parts.length;
  while (end > 0 && (parts[end - 1] === undefined || parts[end - 1] === '')) end--;
  return parts
    .slice(0, end)
    .map((p) => p ?? '')
    .join('^');
}

/** Repetitions joined by `~`, empty ones dropped. */
function reps(...values: (string | undefined)[]): string {
  return values.filter((v): v is string => v !== undefined && v !== '').join('~');
}

// ---------------------------------------------------------------------------------------------
// Reference data (all invented or generic).

const FAMILY_NAMES = [
  'SMITH',
  'JONES',
  'WILLIAMS',
  'TAYLOR',
  'BROWN',
  'DAVIES',
  'EVANS',
  'WILSON',
  'THOMAS',
  'ROBERTS',
  'JOHNSON',
  'LEWIS',
  'WALKER',
  'HUGHES',
  'GREEN',
  'HALL',
  'WOOD',
  'MORGAN',
  'THOMPSON',
  'WRIGHT',
  "O'BRIEN",
  "O'Brien",
  "O'Sullivan",
  "D'Souza",
  'MacDonald',
  'McLaughlin',
  'Ó Súilleabháin',
  'Murphy',
  'Kelly',
  'Campbell',
  'Patel',
  'PATEL',
  'Shah',
  'Singh',
  'Kaur',
  'Sharma',
  'Gupta',
  'Khan',
  'KHAN',
  'Ahmed',
  'Hussain',
  'Begum',
  'Ali',
  'Rahman',
  'Chowdhury',
  'Iqbal',
  'Mohamed',
  'Abdi',
  'Okafor',
  'Adeyemi',
  'Okonkwo',
  'Mensah',
  'Osei',
  'Boateng',
  'Kamara',
  'Nowak',
  'Kowalski',
  'Wójcik',
  'Kowalczyk',
  'Popescu',
  'Horváth',
  'Chen',
  'Wong',
  'Li',
  'Zhang',
  'Nguyen',
  'Nguyễn',
  'Tran',
  'Kim',
  'Yılmaz',
  'Demir',
  'Papadopoulos',
  'Rossi',
  'Ferreira',
  'Silva',
  'Núñez-García',
  'García',
  'Fernández',
  'Müller',
  'Schröder',
  'Cohen',
  'Levy',
  'Al-Hassan',
  'Ben-David',
  'Van der Berg',
  'de la Cruz',
  'Smith-Jones',
  'Ap Gwilym',
  'Llewellyn',
  'Pritchard',
];

const GIVEN_NAMES: readonly (readonly [string, 'F' | 'M'])[] = [
  ['Oliver', 'M'],
  ['George', 'M'],
  ['Harry', 'M'],
  ['Jack', 'M'],
  ['Mohammed', 'M'],
  ['Muhammad', 'M'],
  ['Arjun', 'M'],
  ['Rohan', 'M'],
  ['Ibrahim', 'M'],
  ['Yusuf', 'M'],
  ['Chukwuemeka', 'M'],
  ['Kwame', 'M'],
  ['Tomasz', 'M'],
  ['Łukasz', 'M'],
  ['Wei', 'M'],
  ['Minh', 'M'],
  ['Seán', 'M'],
  ['Dafydd', 'M'],
  ['Rhys', 'M'],
  ['Callum', 'M'],
  ['Hamish', 'M'],
  ['José', 'M'],
  ['François', 'M'],
  ['Jürgen', 'M'],
  ['Mehmet', 'M'],
  ['David', 'M'],
  ['JOHN', 'M'],
  ['PETER', 'M'],
  ['Olivia', 'F'],
  ['Amelia', 'F'],
  ['Isla', 'F'],
  ['Ava', 'F'],
  ['Fatima', 'F'],
  ['Aisha', 'F'],
  ['Priya', 'F'],
  ['Anjali', 'F'],
  ['Gurpreet', 'F'],
  ['Nusrat', 'F'],
  ['Chiamaka', 'F'],
  ['Ama', 'F'],
  ['Agnieszka', 'F'],
  ['Małgorzata', 'F'],
  ['Mei', 'F'],
  ['Linh', 'F'],
  ['Siobhán', 'F'],
  ['Niamh', 'F'],
  ['Cerys', 'F'],
  ['Eilidh', 'F'],
  ['Zoë', 'F'],
  ['Renée', 'F'],
  ['María', 'F'],
  ['Ayşe', 'F'],
  ['Björk', 'F'],
  ['Sarah', 'F'],
  ['MARGARET', 'F'],
  ['DOROTHY', 'F'],
];

const MIDDLE_NAMES = ['James', 'Anne', 'Marie', 'Louise', 'Kumar', 'Ali', 'Rose', 'Edward', 'Jane', 'Óscar'];

const STREETS = [
  'High Street',
  'Church Road',
  'Station Road',
  'Victoria Road',
  'Park Avenue',
  'Mill Lane',
  'Kings Road',
  "St Mary's Close",
  "Prince's Street",
  'Heol y Frenhines',
  'Ffordd y Parc',
  'Queen Street',
  'Albert Terrace',
  'Moor Lane',
  'Chapel Street',
  'The Crescent',
  'Rue de la Gare',
  'Acacia Avenue',
  'Belmont Drive',
  'Wellington Road',
];

const BUILDINGS = [
  'Flat 2',
  'Flat 14B',
  'Rose Cottage',
  'The Old Rectory',
  'Apartment 305',
  'Ty Gwyn',
  'Smith \\T\\ Sons Yard',
  'Unit 4 \\T\\ 5',
  'c/o Mrs Kaur',
];

/** Postcode area, a district range, post town and county. */
const TOWNS: readonly (readonly [string, number, string, string])[] = [
  ['L', 40, 'Liverpool', 'Merseyside'],
  ['WA', 16, 'St Helens', 'Merseyside'],
  ['M', 60, 'Manchester', 'Greater Manchester'],
  ['LS', 29, 'Leeds', 'West Yorkshire'],
  ['BD', 24, 'Bradford', 'West Yorkshire'],
  ['S', 36, 'Sheffield', 'South Yorkshire'],
  ['B', 99, 'Birmingham', 'West Midlands'],
  ['LE', 19, 'Leicester', 'Leicestershire'],
  ['NE', 66, 'Newcastle upon Tyne', 'Tyne and Wear'],
  ['BS', 49, 'Bristol', ''],
  ['NR', 35, 'Norwich', 'Norfolk'],
  ['E', 18, 'London', ''],
  ['SE', 28, 'London', ''],
  ['N', 22, 'London', ''],
  ['CF', 48, 'Cardiff', 'South Glamorgan'],
  ['SA', 73, 'Swansea', 'West Glamorgan'],
  ['G', 84, 'Glasgow', 'Lanarkshire'],
  ['EH', 55, 'Edinburgh', 'Midlothian'],
  ['BT', 94, 'Belfast', 'County Antrim'],
  ['BT', 48, 'Derry/Londonderry', 'County Londonderry'],
];

/** Ofcom's drama-use number ranges, as [prefix, digits to add]. */
const PHONE_RANGES: readonly (readonly [string, number])[] = [
  ['0113496', 4],
  ['0114496', 4],
  ['0121496', 4],
  ['0131496', 4],
  ['0141496', 4],
  ['0151496', 4],
  ['0161496', 4],
  ['02079460', 3],
  ['01632960', 3],
  ['07700900', 3],
];

const FACILITIES = ['RBN', 'RXX', 'R0Z', 'RZZ01', 'RYY', 'RX9'];
const APPLICATIONS = ['PAS', 'CERNER', 'EPIC', 'LORENZO', 'MEDWAY', 'IPM', 'TRAKCARE'];
const WARDS = [
  'WARD 7A',
  'AMU',
  'CCU',
  'ED',
  'MAT1',
  'OAK',
  'BIRCH',
  'SAU',
  'ITU',
  'WARD 22',
  'Ward 3 (Elderly)',
];
const SITES = ['RBN01', 'RBN02', 'WHISTON', 'ST HELENS', 'MAIN', 'NORTH SITE'];
const SPECIALTIES = ['100', '110', '300', '320', '340', '430', '501', '560', '180', '420'];
const ALLERGENS = ['PENICILLIN', 'Latex', 'Peanuts', 'CODEINE', 'Aspirin \\T\\ NSAIDs', 'Elastoplast'];
const DIAGNOSES: readonly (readonly [string, string])[] = [
  ['J18.9', 'Pneumonia, unspecified'],
  ['I21.9', 'Acute myocardial infarction, unspecified'],
  ['S72.0', 'Fracture of neck of femur'],
  ['N39.0', 'Urinary tract infection, site not specified'],
  ['J44.1', 'COPD with acute exacerbation, unspecified'],
  ['R55', 'Syncope and collapse'],
  ['O80.0', 'Spontaneous vertex delivery'],
];
const NOTES = [
  'Patient prefers to be called by her middle name',
  'Lives alone \\T\\ has a package of care (4 calls a day)',
  'Key safe code held by district nurses \\F\\ ask ward clerk',
  'Interpreter required: Polish',
  'Interpreter required: Sylheti',
  'Next of kin aware of admission',
  'Carer: daughter (see NK1) — contact before discharge',
  'Known to social care \\E\\ adult services',
  'DNACPR in place',
  'Transport booked for 14:00',
];

// ---------------------------------------------------------------------------------------------
// Values.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** HL7 TS of an instant read as wall-clock digits; `precision` is how many digits to keep. */
function ts(ms: number, precision: 8 | 12 | 14 = 14): string {
  const d = new Date(ms);
  const full =
    String(d.getUTCFullYear()) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds());
  return full.slice(0, precision);
}

const NHS_WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** A ten-digit NHS number with a valid modulus-11 check digit, from the 999 test range. */
function nhsNumber(rng: Rng): string {
  for (;;) {
    const first9 = `999${rng.digits(6)}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (NHS_WEIGHTS[i] as number);
    let check = 11 - (sum % 11);
    if (check === 10) continue;
    if (check === 11) check = 0;
    const digits = first9 + String(check);
    if (/^(\d)\1{9}$/.test(digits)) continue;
    return digits;
  }
}

function spacedNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

function postcode(rng: Rng, area: string, maxDistrict: number): string {
  const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';
  let outward = area + String(rng.int(1, maxDistrict));
  if (area.length === 1 && area !== 'B' && area !== 'L' && area !== 'M' && area !== 'S' && rng.chance(0.2)) {
    outward = `${area}C${rng.int(1, 4)}${rng.letters(1, 'AMNPRV')}`;
  }
  const inward = String(rng.int(0, 9)) + rng.letters(2, inwardLetters);
  const form = rng.weighted([
    ['spaced', 85],
    ['compact', 10],
    ['lower', 5],
  ] as const);
  if (form === 'compact') return outward + inward;
  if (form === 'lower') return `${outward} ${inward}`.toLowerCase();
  return `${outward} ${inward}`;
}

function phone(rng: Rng): string {
  const [prefix, n] = rng.pick(PHONE_RANGES);
  return prefix + rng.digits(n);
}

function doctor(rng: Rng, prefix: 'C' | 'G'): string {
  const [given] = rng.pick(GIVEN_NAMES);
  return comp(`${prefix}${rng.digits(7)}`, rng.pick(FAMILY_NAMES).toUpperCase(), given, '', '', 'Dr');
}

// ---------------------------------------------------------------------------------------------
// Messages.

const TRIGGERS: readonly (readonly [string, number])[] = [
  ['A01', 14],
  ['A02', 10],
  ['A03', 14],
  ['A04', 10],
  ['A05', 5],
  ['A08', 22],
  ['A11', 3],
  ['A13', 3],
  ['A28', 7],
  ['A31', 8],
  ['A40', 4],
];

/** The message structure (MSH-9.3) of each trigger, from v2.3.1 on. */
const STRUCTURE: Readonly<Record<string, string>> = {
  A01: 'ADT_A01',
  A02: 'ADT_A02',
  A03: 'ADT_A03',
  A04: 'ADT_A01',
  A05: 'ADT_A05',
  A08: 'ADT_A01',
  A11: 'ADT_A09',
  A13: 'ADT_A01',
  A28: 'ADT_A05',
  A31: 'ADT_A05',
  A40: 'ADT_A39',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2023-01-01T00:00Z to 2025-12-31: the window message times fall in. */
const START = Date.UTC(2023, 0, 1);
const SPAN = Date.UTC(2025, 11, 31) - START;

interface Person {
  family: string;
  given: string;
  middle?: string;
  title?: string;
  sex: string;
  birth: string;
  nhs?: string;
  mrn: string;
}

function person(rng: Rng, now: number): Person {
  const [given, sex] = rng.pick(GIVEN_NAMES);
  const age = rng.weighted([
    ['newborn', 3],
    ['child', 12],
    ['adult', 50],
    ['older', 35],
  ] as const);
  const years = { newborn: 0, child: rng.int(1, 17), adult: rng.int(18, 69), older: rng.int(70, 103) }[age];
  const birthMs = now - years * 365.25 * DAY - rng.int(0, 364) * DAY - rng.int(0, 23) * HOUR;
  const nhs = rng.chance(0.88) ? nhsNumber(rng) : undefined;
  const mrnForm = rng.int(0, 2);
  const mrn =
    mrnForm === 0
      ? `RBN${rng.digits(7)}`
      : mrnForm === 1
        ? `K${rng.digits(6)}`
        : String(rng.int(1, 9)) + rng.digits(7);
  return {
    family: rng.pick(FAMILY_NAMES),
    given,
    middle: rng.chance(0.3) ? rng.pick(MIDDLE_NAMES) : undefined,
    title: rng.chance(0.4)
      ? rng.pick(sex === 'F' ? ['Mrs', 'Ms', 'Miss', 'Dr'] : ['Mr', 'Dr', 'Rev'])
      : undefined,
    sex: rng.chance(0.03) ? rng.pick(['U', 'O']) : sex,
    // Newborns sometimes carry a time of birth; a few records know only the year.
    birth:
      age === 'newborn' && rng.chance(0.5)
        ? ts(birthMs, 12)
        : rng.chance(0.005)
          ? ts(birthMs, 8).slice(0, 4)
          : ts(birthMs, 8),
    nhs,
    mrn,
  };
}

function pidSegment(rng: Rng, p: Person, facility: string, died: number | undefined): string {
  const nhs =
    p.nhs === undefined
      ? undefined
      : comp(rng.chance(0.2) ? spacedNhsNumber(p.nhs) : p.nhs, '', '', 'NHS', 'NH');
  const mrnId = comp(
    p.mrn,
    '',
    '',
    rng.chance(0.1) ? `${facility}&2.16.840.1.113883.2.1.3.2&ISO` : facility,
    'MR',
  );
  const [prefix, maxDistrict, town, county] = rng.pick(TOWNS);
  const address = comp(
    `${rng.int(1, 240)} ${rng.pick(STREETS)}`,
    rng.chance(0.25) ? rng.pick(BUILDINGS) : '',
    town,
    county,
    postcode(rng, prefix, maxDistrict),
    'GBR',
    'H',
  );
  return segment('PID', {
    1: '1',
    2: rng.chance(0.1) && p.nhs !== undefined ? p.nhs : undefined,
    3: rng.chance(0.5) ? reps(mrnId, nhs) : reps(nhs, mrnId),
    5: comp(p.family, p.given, p.middle, '', p.title, '', 'L'),
    7: p.birth,
    8: p.sex,
    10: rng.chance(0.3)
      ? rng.pick(['A^White - British^01', 'H^Indian^01', 'N^African^01', 'Z^Not stated^01'])
      : '',
    11: rng.chance(0.1)
      ? reps(address, comp(`${rng.int(1, 99)} ${rng.pick(STREETS)}`, '', 'Leeds', '', 'LS6 2AB', 'GBR', 'C'))
      : address,
    13: reps(
      comp(phone(rng), 'PRN', 'PH'),
      rng.chance(0.5) ? comp(`07700900${rng.digits(3)}`, 'PRN', 'CP') : '',
    ),
    15: rng.chance(0.2) ? rng.pick(['en^English^ISO639', 'pl^Polish^ISO639', 'cy^Welsh^ISO639']) : '',
    29: died === undefined ? undefined : ts(died, rng.chance(0.5) ? 12 : 14),
    30: died === undefined ? undefined : 'Y',
  });
}

function pv1Segment(
  rng: Rng,
  trigger: string,
  admitted: number,
  discharged: number | undefined,
  died: boolean,
): string {
  if (trigger === 'A28' || trigger === 'A31' || trigger === 'A40') {
    return rng.chance(0.5) ? segment('PV1', { 1: '1', 2: 'N' }) : segment('PV1', { 2: 'N' });
  }
  const cls =
    trigger === 'A05'
      ? 'P'
      : trigger === 'A04'
        ? rng.weighted([
            ['E', 50],
            ['O', 45],
            ['R', 5],
          ] as const)
        : rng.weighted([
            ['I', 80],
            ['E', 8],
            ['B', 7],
            ['O', 5],
          ] as const);
  const location = (): string =>
    comp(
      rng.pick(WARDS),
      rng.chance(0.7) ? `BAY ${rng.int(1, 6)}` : '',
      `BED ${pad(rng.int(1, 30))}`,
      rng.pick(SITES),
    );
  const visit = rng.chance(0.5) ? `V${rng.digits(8)}` : rng.digits(10);
  const isDischarge = trigger === 'A03' && discharged !== undefined;
  return segment('PV1', {
    1: '1',
    2: cls,
    3: location(),
    4: rng.pick(['EL', 'EM', 'NE', '11', '12', '21', '']),
    6: trigger === 'A02' || trigger === 'A12' ? location() : undefined,
    7: doctor(rng, 'C'),
    10: rng.pick(SPECIALTIES),
    14: rng.chance(0.5) ? rng.pick(['19', '51', '87']) : '',
    17: rng.chance(0.3) ? doctor(rng, 'C') : '',
    18: rng.chance(0.3) ? rng.pick(['NHS', '01', '02']) : '',
    19: rng.chance(0.97)
      ? comp(visit, '', '', rng.chance(0.3) ? 'RBN' : '', rng.chance(0.3) ? 'VN' : '')
      : '',
    36: isDischarge ? (died ? '4' : rng.pick(['1', '2', '3'])) : undefined,
    37: isDischarge ? (died ? '79' : rng.pick(['19', '29', '54', '65', '51'])) : undefined,
    39: rng.chance(0.5) ? 'RBN' : '',
    44: trigger === 'A05' ? ts(admitted + 7 * DAY, 12) : ts(admitted, rng.chance(0.7) ? 14 : 12),
    45:
      isDischarge || (trigger === 'A13' && discharged !== undefined)
        ? ts(discharged as number, 14)
        : undefined,
  });
}

/** Segments the hub ignores: NK1 goes before PV1, the rest after it, Z-segments last. */
function optionalSegments(
  rng: Rng,
  trigger: string,
  at: number,
): { beforePv1: string[]; afterPv1: string[] } {
  const beforePv1: string[] = [];
  const afterPv1: string[] = [];
  const kin = rng.chance(0.35) ? rng.int(1, 2) : 0;
  for (let i = 1; i <= kin; i++) {
    const [given] = rng.pick(GIVEN_NAMES);
    beforePv1.push(
      segment('NK1', {
        1: String(i),
        2: comp(rng.pick(FAMILY_NAMES), given),
        3: rng.pick(['SPO^Spouse', 'CHD^Child', 'FND^Friend', 'PAR^Parent', 'OTH^Other']),
        4: comp(`${rng.int(1, 200)} ${rng.pick(STREETS)}`, '', rng.pick(TOWNS)[2]),
        5: phone(rng),
        7: 'NOK^Next of kin',
      }),
    );
  }
  const visit = trigger !== 'A28' && trigger !== 'A31' && trigger !== 'A40';
  if (visit && rng.chance(0.2)) {
    afterPv1.push(
      segment('PV2', { 3: comp('', rng.pick(['Chest pain', 'Fall at home', 'Shortness of breath'])) }),
    );
  }
  if (rng.chance(0.15)) {
    const weight = `${rng.int(3, 140)}.${rng.int(0, 9)}`;
    const bp = `${rng.int(90, 180)}/${rng.int(50, 100)}`;
    afterPv1.push(
      segment('OBX', { 1: '1', 2: 'NM', 3: '29463-7^Body weight^LN', 5: weight, 6: 'kg', 11: 'F' }),
    );
    afterPv1.push(segment('OBX', { 1: '2', 2: 'ST', 3: 'X-BP^Blood pressure^L', 5: bp, 11: 'F' }));
  }
  const allergies = rng.chance(0.25) ? rng.int(1, 3) : 0;
  for (let i = 1; i <= allergies; i++) {
    afterPv1.push(
      segment('AL1', { 1: String(i), 2: 'DA', 3: comp('', rng.pick(ALLERGENS)), 4: 'SV', 5: 'Rash' }),
    );
  }
  if ((trigger === 'A01' || trigger === 'A03' || trigger === 'A08') && rng.chance(0.3)) {
    const [code, text] = rng.pick(DIAGNOSES);
    afterPv1.push(segment('DG1', { 1: '1', 2: 'I10', 3: comp(code, text, 'I10'), 5: ts(at, 14), 6: 'A' }));
  }
  if (rng.chance(0.15)) afterPv1.push(segment('NTE', { 1: '1', 2: 'L', 3: rng.pick(NOTES) }));
  if (rng.chance(0.2)) {
    const name = rng.pick(['ZU1', 'ZPV', 'ZPD']);
    afterPv1.push(segment(name, { 1: rng.digits(6), 2: rng.pick(['Y', 'N']), 4: 'LOCAL^Local data' }));
  }
  return { beforePv1, afterPv1 };
}

/** One synthetic ADT message, segments joined by `\r`, `\n` or `\r\n`. */
function adtMessage(rng: Rng, index: number): string {
  const trigger = rng.weighted(TRIGGERS);
  const version = rng.weighted([
    ['2.3', 20],
    ['2.4', 45],
    ['2.5.1', 35],
  ] as const);
  const now = START + Math.floor(rng.int(0, SPAN / 1000)) * 1000;
  const facility = rng.pick(FACILITIES);
  const app = rng.pick(APPLICATIONS);
  const p = person(rng, now);

  const admitted = now - rng.int(0, (20 * DAY) / HOUR) * HOUR - rng.int(0, 3599) * 1000;
  const discharged = trigger === 'A03' || trigger === 'A13' ? now - rng.int(0, 120) * 60_000 : undefined;
  const died = trigger === 'A03' && rng.chance(0.05);
  const diedAt = died && rng.chance(0.7) ? (discharged as number) - rng.int(10, 600) * 60_000 : undefined;

  const messageType =
    version === '2.3' && rng.chance(0.7) ? comp('ADT', trigger) : comp('ADT', trigger, STRUCTURE[trigger]);
  const controlId = rng.chance(0.5) ? `${ts(now, 14)}${pad(index % 10000, 4)}` : `MSG${rng.digits(9)}`;
  const zoned = version === '2.5.1' && rng.chance(0.3);
  const messageTime = zoned ? `${ts(now, 14)}+0000` : ts(now, version === '2.3' && rng.chance(0.3) ? 12 : 14);

  const segments = [
    segment('MSH', {
      3: app,
      4: facility,
      5: rng.pick(['ADTHUB', 'HUB', 'INTEGRATION']),
      6: rng.pick(['NHSD', 'ADTHUB', '']),
      7: messageTime,
      9: messageType,
      10: controlId,
      11: 'P',
      12: version,
      15: version === '2.3' ? undefined : rng.pick(['AL', 'NE', '']),
      16: version === '2.3' ? undefined : rng.pick(['NE', '']),
      17: version === '2.5.1' ? 'GBR' : undefined,
      18: version === '2.5.1' && rng.chance(0.6) ? 'UNICODE UTF-8' : undefined,
      19: version === '2.5.1' && rng.chance(0.3) ? 'EN' : undefined,
    }),
    segment('EVN', {
      1: version === '2.3' || rng.chance(0.3) ? trigger : '',
      2: ts(now - rng.int(0, 300) * 1000, rng.chance(0.8) ? 14 : 12),
      4: rng.chance(0.2) ? rng.pick(['01', '02', 'ADM']) : '',
      5: rng.chance(0.4)
        ? comp(`U${rng.digits(5)}`, rng.pick(FAMILY_NAMES).toUpperCase(), rng.pick(GIVEN_NAMES)[0])
        : '',
      6: rng.chance(0.3) ? ts(now - rng.int(0, 3600) * 1000, 14) : '',
      7: version === '2.5.1' && rng.chance(0.5) ? facility : '',
    }),
    pidSegment(rng, p, facility, diedAt),
  ];
  if (rng.chance(0.75)) {
    segments.push(
      segment('PD1', {
        3: comp(
          rng.chance(0.5)
            ? rng.pick(['THE SURGERY', 'Parkside Medical Centre', "St Luke's Health Centre"])
            : '',
          '',
          `${rng.letters(1, 'ABCDEFGHJKLMNPY')}${rng.digits(5)}`,
        ),
        4: rng.chance(0.8) ? doctor(rng, 'G') : '',
      }),
    );
  }
  if (trigger === 'A40') {
    const oldMrn = `RBN${rng.digits(7)}`;
    segments.push(
      segment('MRG', {
        1: rng.chance(0.5)
          ? comp(oldMrn, '', '', facility, 'MR')
          : reps(comp(oldMrn, '', '', facility, 'MR'), comp(nhsNumber(rng), '', '', 'NHS', 'NH')),
        7: rng.chance(0.5) ? comp(rng.pick(FAMILY_NAMES), p.given) : '',
      }),
    );
  }
  const { beforePv1, afterPv1 } = optionalSegments(rng, trigger, now);
  segments.push(...beforePv1, pv1Segment(rng, trigger, admitted, discharged, died), ...afterPv1);

  const separator = rng.weighted([
    ['\r', 85],
    ['\n', 10],
    ['\r\n', 5],
  ] as const);
  return segments.join(separator) + (rng.chance(0.8) ? separator : '');
}

/** `count` synthetic HL7 v2 ADT messages; the same count and seed give the same corpus. */
export function generateAdtCorpus(count: number, seed = 1): string[] {
  const rng = new Rng(seed);
  const corpus: string[] = [];
  for (let i = 0; i < count; i++) corpus.push(adtMessage(rng, i));
  return corpus;
}
