// Builds HL7 segments by field number, so a test says `PV1-19` rather than counting bars.
import { readAck } from '../../functions/core/hl7/ack.ts';

/** `segment('PV1', { 2: 'I', 19: 'V1' })` → `PV1|I|...|V1`. */
export function segment(name: string, fields: Record<number, string>, separator = '|'): string {
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  let line = name;
  for (let n = 1; n <= last; n++) line += separator + (fields[n] ?? '');
  return line;
}

/** An MSH segment with standard separators; `fields` overrides MSH-3 onwards. */
export function msh(fields: Record<number, string> = {}): string {
  const all: Record<number, string> = {
    3: 'PAS',
    4: 'RBN',
    5: 'ADTHUB',
    6: 'ADTHUB',
    7: '20261120101500',
    9: 'ADT^A01^ADT_A01',
    10: 'CTRL0001',
    11: 'P',
    12: '2.4',
    ...fields,
  };
  const last = Math.max(...Object.keys(all).map(Number));
  let line = 'MSH|^~\\&';
  for (let n = 3; n <= last; n++) line += `|${all[n] ?? ''}`;
  return line;
}

/** A small valid A01 with the given MSH overrides, segments joined by `\r`. */
export function admission(mshFields: Record<number, string> = {}): string {
  return [
    msh(mshFields),
    segment('EVN', { 1: 'A01', 2: '20261120101000' }),
    segment('PID', {
      1: '1',
      3: '9449305552^^^NHS^NH~RBN1234567^^^RBN^MR',
      5: 'Testperson^Alex',
      7: '19700101',
      8: 'U',
    }),
    segment('PV1', { 1: '1', 2: 'I', 3: 'WARD5^^^RBN', 19: 'V1' }),
  ].join('\r');
}

/**
 * A message about a man born 1961-04-12 who now lives in another district (WA9 4XY), by his
 * hospital number only: against a roster row of the same name and birth date elsewhere, a possible
 * match for review, never an alert.
 */
export function movedAdmission(
  controlId: string,
  person: { family: string; given: string; mrn: string },
  trigger: 'A01' | 'A02' = 'A01',
): string {
  return [
    msh({ 9: `ADT^${trigger}^ADT_${trigger}`, 10: controlId }),
    segment('EVN', { 1: trigger, 2: '20261120101000' }),
    segment('PID', {
      1: '1',
      3: `${person.mrn}^^^RBN^MR`,
      5: `${person.family}^${person.given}`,
      7: '19610412',
      8: 'M',
      11: '9 New Road^^St Helens^^WA9 4XY',
    }),
    segment('PV1', { 1: '1', 2: 'I', 3: 'WARD2^^^RBN', 19: `V-${controlId}` }),
  ].join('\r');
}

/** MSA-1 (code), MSA-2 (the control id acknowledged) and MSA-3 (reason) of an ACK. */
export const msaOf = readAck;
