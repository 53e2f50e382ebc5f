// How times, ages, scores and masked patients read on every page, in one place.
import type { MaskedPatient } from '../../functions/console-api/services.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `20 Nov 2026, 10:10:00` in the browser's time zone; the ISO text itself when it is not a time. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso === '') return '—';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : dateTime.format(time);
}

/** `3 h`, `2 d 4 h`, `25 min`. */
export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.floor(hours)} h`;
  return `${Math.floor(hours / 24)} d ${Math.floor(hours % 24)} h`;
}

/** The matcher's field names as people say them. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  nhsNumber: 'NHS number',
  familyName: 'Family name',
  givenName: 'Given name',
  birthDate: 'Date of birth',
  sex: 'Sex',
  postcode: 'Postcode',
};

export function formatScore(score: number | undefined): string {
  return score === undefined ? '—' : score.toFixed(3);
}

/** A Fellegi–Sunter weight with its sign: `+6.20`, `−3.10`. */
export function formatWeight(weight: number): string {
  return `${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A masked patient as lists show one: the hub's own masking, never more. */
export function maskedText(patient: MaskedPatient | undefined): string {
  if (patient === undefined) return '—';
  const parts = [
    patient.name,
    patient.nhsNumber !== undefined && `NHS ${patient.nhsNumber}`,
    patient.birthYear !== undefined && `born ${patient.birthYear}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length === 0 ? '—' : parts.join(' · ');
}

/** A `datetime-local` input's value as an ISO time (it is in the browser's zone), or undefined. */
export function isoFromLocalInput(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The other way: an ISO time as a `datetime-local` value in the browser's zone. */
export function localInputFromIso(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const local = new Date(time.getTime() - time.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
