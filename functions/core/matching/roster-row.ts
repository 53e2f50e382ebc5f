// One roster CSV row (ARCHITECTURE §4.4) → a PersonRecord, or the reason it cannot be one.
import type { Sex } from '../normalise/adt-event.ts';
import { normaliseNhsNumber } from '../normalise/nhs-number.ts';
import { normalisePostcode } from '../normalise/postcode.ts';
import { hl7DateOnly } from '../normalise/time.ts';
import type { PersonRecord } from './types.ts';

export const ROSTER_COLUMNS = [
  'nhs_number',
  'family_name',
  'given_name',
  'birth_date',
  'sex',
  'postcode',
  'local_id',
] as const;

const SEX: Readonly<Record<string, Sex>> = { F: 'female', M: 'male', O: 'other', U: 'unknown' };

export type RosterRowResult = { ok: true; record: PersonRecord } | { ok: false; reason: string };

/** One row of a roster file, read and checked: its line (the header is line 1) and the result. */
export type ParsedRosterRow = { line: number } & RosterRowResult;

function text(row: Readonly<Record<string, string | undefined>>, column: string): string | undefined {
  const value = row[column]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Validates a row. A value that is present but wrong (an NHS number failing its check digit, a
 * date that is not YYYY-MM-DD) rejects the row rather than being dropped: the roster's owner
 * should correct it, and a half-right record is how the wrong person gets an alert.
 */
export function parseRosterRow(
  row: Readonly<Record<string, string | undefined>>,
  line: number,
): RosterRowResult {
  const rawNhs = text(row, 'nhs_number');
  const nhsNumber = rawNhs === undefined ? undefined : normaliseNhsNumber(rawNhs);
  if (rawNhs !== undefined && nhsNumber === undefined) {
    return { ok: false, reason: 'nhs_number is not a valid NHS number (10 digits, modulus 11)' };
  }
  const rawBirthDate = text(row, 'birth_date');
  if (rawBirthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(rawBirthDate)) {
    return { ok: false, reason: 'birth_date is not a date as YYYY-MM-DD' };
  }
  const birthDate = rawBirthDate === undefined ? undefined : hl7DateOnly(rawBirthDate.replace(/-/g, ''));
  if (rawBirthDate !== undefined && (birthDate === undefined || birthDate === 'partial')) {
    return { ok: false, reason: 'birth_date is not a real date' };
  }
  const rawSex = text(row, 'sex')?.toUpperCase();
  const sex = rawSex === undefined ? undefined : SEX[rawSex];
  if (rawSex !== undefined && sex === undefined) return { ok: false, reason: 'sex is not one of F, M, O, U' };
  const rawPostcode = text(row, 'postcode');
  const postcode = rawPostcode === undefined ? undefined : normalisePostcode(rawPostcode);
  if (rawPostcode !== undefined && postcode === undefined)
    return { ok: false, reason: 'postcode is not a UK postcode' };
  const localId = text(row, 'local_id');
  if (localId !== undefined && !/^[^:\s]+:\S.*$/.test(localId)) {
    return { ok: false, reason: 'local_id is not authority:value' };
  }
  const family = text(row, 'family_name');
  const given = text(row, 'given_name');
  if (
    nhsNumber === undefined &&
    (family === undefined || birthDate === undefined || (given === undefined && postcode === undefined))
  ) {
    return {
      ok: false,
      reason: 'needs a valid nhs_number, or family_name, birth_date and a given_name or postcode',
    };
  }
  return {
    ok: true,
    record: {
      personId: `line:${line}`,
      line,
      nhsNumber,
      family,
      given: given === undefined ? [] : [given],
      birthDate: birthDate as string | undefined,
      sex,
      postcode,
      localIds: localId === undefined ? [] : [localId],
    },
  };
}
