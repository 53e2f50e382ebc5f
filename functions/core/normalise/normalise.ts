// Hl7Message → AdtEvent (ARCHITECTURE §4.1). Header faults are Hl7ParseError (answered AR),
// faults in the body AdtValidationError (answered AE); both name the segment and field.

import { AdtValidationError, Hl7ParseError } from '../hl7/errors.ts';
import type { Hl7Message, Hl7Segment } from '../hl7/message.ts';
import type { AdtEvent, Encounter, Identifier, Location, Patient, PatientClass, Sex } from './adt-event.ts';
import { eventFor, isKnownTrigger } from './events.ts';
import { normaliseNhsNumber } from './nhs-number.ts';
import { normalisePostcode } from './postcode.ts';
import { hl7DateOnly, hl7TimeToUtc } from './time.ts';

const SEX: Readonly<Record<string, Sex>> = {
  F: 'female',
  M: 'male',
  O: 'other',
  U: 'unknown',
  A: 'unknown',
  N: 'unknown',
};

const PATIENT_CLASS: Readonly<Record<string, PatientClass>> = {
  I: 'inpatient',
  O: 'outpatient',
  E: 'emergency',
  P: 'preadmit',
  R: 'recurring',
  B: 'obstetrics',
};

const HL7_V2_VERSION = /^2\.\d+(\.\d+)*$/;

/** A copy of the object without its undefined members; undefined when none is left. */
function defined<T extends object>(value: T): T | undefined {
  const out: Partial<T> = {};
  let empty = true;
  for (const key in value) {
    if (value[key] !== undefined) {
      out[key] = value[key];
      empty = false;
    }
  }
  return empty ? undefined : (out as T);
}

function header(msh: Hl7Segment, field: number, what: string): string {
  const value = msh.get(field);
  if (value === undefined) {
    throw new Hl7ParseError('MISSING_FIELD', `MSH-${field} (${what}) is empty`, 'MSH', `MSH-${field}`);
  }
  return value;
}

/** A TS field as UTC; an unreadable value is an error naming the field, never dropped silently. */
function time(segment: Hl7Segment | undefined, field: number, repetition = 1): string | undefined {
  const raw = segment?.get(field, 1, 1, repetition);
  if (raw === undefined || segment === undefined) return undefined;
  const utc = hl7TimeToUtc(raw);
  if (utc === undefined) {
    const name = `${segment.name}-${field}`;
    const ErrorClass = segment.name === 'MSH' ? Hl7ParseError : AdtValidationError;
    throw new ErrorClass('INVALID_FIELD', `${name} is not a valid HL7 timestamp`, segment.name, name);
  }
  return utc;
}

function identifiersIn(segment: Hl7Segment, field: number): Identifier[] {
  const identifiers: Identifier[] = [];
  for (let r = 1; r <= segment.repetitionCount(field); r++) {
    const value = segment.get(field, 1, 1, r);
    if (value === undefined) continue;
    identifiers.push(
      defined<Identifier>({
        value,
        authority: segment.get(field, 4, 1, r) ?? segment.get(field, 4, 2, r),
        type: segment.get(field, 5, 1, r),
      }) as Identifier,
    );
  }
  return identifiers;
}

/**
 * The valid NHS number among identifiers typed `NH` or issued by `NHS`. Two different valid
 * numbers in one message leave it unset: guessing between them could alert about a stranger.
 */
function nhsNumberIn(identifiers: readonly Identifier[]): string | undefined {
  let found: string | undefined;
  for (const id of identifiers) {
    if (id.type?.toUpperCase() !== 'NH' && id.authority?.toUpperCase() !== 'NHS') continue;
    const nhsNumber = normaliseNhsNumber(id.value);
    if (nhsNumber === undefined) continue;
    if (found !== undefined && found !== nhsNumber) return undefined;
    found = nhsNumber;
  }
  return found;
}

function patientFrom(pid: Hl7Segment): Patient {
  const identifiers = identifiersIn(pid, 3);
  if (identifiers.length === 0) {
    throw new AdtValidationError('MISSING_FIELD', 'PID-3 (patient identifiers) is empty', 'PID', 'PID-3');
  }
  const given = [pid.get(5, 2), ...(pid.get(5, 3)?.split(/\s+/) ?? [])].filter(
    (name): name is string => name !== undefined,
  );
  const rawBirthDate = pid.get(7);
  const birthDate = rawBirthDate === undefined ? undefined : hl7DateOnly(rawBirthDate);
  if (rawBirthDate !== undefined && birthDate === undefined) {
    throw new AdtValidationError(
      'INVALID_FIELD',
      'PID-7 (date of birth) is not a valid date',
      'PID',
      'PID-7',
    );
  }
  const rawPostcode = pid.get(11, 5);
  const postcode = rawPostcode === undefined ? undefined : normalisePostcode(rawPostcode);
  const deceasedAt = time(pid, 29);
  const streetLines = [pid.get(11, 1), pid.get(11, 2)].filter((line): line is string => line !== undefined);
  return defined<Patient>({
    nhsNumber: nhsNumberIn(identifiers),
    identifiers,
    name: defined({
      family: pid.get(5, 1),
      given: given.length > 0 ? given : undefined,
      prefix: pid.get(5, 5),
    }),
    // A birth date known only to the year or month is not a date the hub can match on.
    birthDate: birthDate === 'partial' ? undefined : birthDate,
    sex: SEX[pid.get(8)?.toUpperCase() ?? ''],
    address: defined({
      lines: streetLines.length > 0 ? streetLines : undefined,
      city: pid.get(11, 3),
      postcode: postcode ?? rawPostcode,
    }),
    postcode,
    deceasedAt,
    deceased: deceasedAt === undefined && pid.get(30)?.toUpperCase() === 'Y' ? true : undefined,
  }) as Patient;
}

function locationIn(pv1: Hl7Segment, field: number): Location | undefined {
  return defined<Location>({
    facility: pv1.get(field, 4),
    ward: pv1.get(field, 1),
    room: pv1.get(field, 2),
    bed: pv1.get(field, 3),
  });
}

function encounterFrom(pv1: Hl7Segment | undefined): Encounter | undefined {
  if (pv1 === undefined) return undefined;
  return defined<Encounter>({
    visitNumber: pv1.get(19),
    class: PATIENT_CLASS[pv1.get(2)?.toUpperCase() ?? ''],
    location: locationIn(pv1, 3),
    priorLocation: locationIn(pv1, 6),
    admittedAt: time(pv1, 44),
    dischargedAt: time(pv1, 45),
    dischargeDisposition: pv1.get(36),
    dischargeDestination: pv1.get(37),
    admissionType: pv1.get(4),
    attendingDoctor: defined({ id: pv1.get(7, 1), family: pv1.get(7, 2), given: pv1.get(7, 3) }),
  });
}

/** Turns a parsed message into an AdtEvent, or throws an Hl7Error naming what is wrong. */
export function normaliseAdt(message: Hl7Message): AdtEvent {
  const msh = message.msh;
  const controlId = header(msh, 10, 'message control id');
  const messageType = header(msh, 9, 'message type').toUpperCase();
  if (messageType !== 'ADT') {
    throw new Hl7ParseError(
      'UNSUPPORTED_MESSAGE_TYPE',
      'MSH-9 is not an ADT message; the hub accepts ADT only',
      'MSH',
      'MSH-9',
    );
  }
  const evn = message.segment('EVN');
  const trigger = (msh.get(9, 2) ?? evn?.get(1))?.toUpperCase();
  if (trigger === undefined) {
    throw new Hl7ParseError('MISSING_FIELD', 'MSH-9.2 (trigger event) is empty', 'MSH', 'MSH-9');
  }
  const version = header(msh, 12, 'version');
  if (!HL7_V2_VERSION.test(version)) {
    throw new Hl7ParseError('UNSUPPORTED_VERSION', 'MSH-12 is not an HL7 v2 version', 'MSH', 'MSH-12');
  }
  const sendingFacility = header(msh, 4, 'sending facility');
  header(msh, 7, 'date/time of message');
  const messageDateTime = time(msh, 7) as string;

  const pid = message.segment('PID');
  if (pid === undefined && isKnownTrigger(trigger)) {
    throw new AdtValidationError(
      'MISSING_SEGMENT',
      `An ADT ${trigger} message needs a PID segment`,
      'PID',
      'PID-1',
    );
  }
  const patient = pid === undefined ? undefined : patientFrom(pid);
  const pv1 = message.segment('PV1');
  const encounter = encounterFrom(pv1);
  const pd1 = message.segment('PD1');
  const mrg = message.segment('MRG');
  const mergedIdentifiers = mrg === undefined ? [] : identifiersIn(mrg, 1);

  return defined<AdtEvent>({
    controlId,
    sendingApplication: msh.get(3),
    sendingFacility,
    receivingApplication: msh.get(5),
    receivingFacility: msh.get(6),
    messageDateTime,
    version,
    messageType,
    trigger,
    event: eventFor(trigger, {
      patientClassCode: pv1?.get(2)?.toUpperCase(),
      dischargeDisposition: encounter?.dischargeDisposition,
      dischargeDestination: encounter?.dischargeDestination,
      deceased: patient?.deceasedAt !== undefined || patient?.deceased === true,
    }),
    occurredAt: time(evn, 6) ?? time(evn, 2) ?? messageDateTime,
    patient,
    registeredGp:
      pd1 === undefined
        ? undefined
        : defined({ practiceCode: pd1.get(3, 3) ?? pd1.get(3, 1), gpCode: pd1.get(4, 1) }),
    encounter,
    mergedIdentifiers: mergedIdentifiers.length > 0 ? mergedIdentifiers : undefined,
  }) as AdtEvent;
}
