// HL7 TS/DTM values → UTC. A value without an offset is wall-clock time in Europe/London,
// whatever time zone the machine running this is in.

const TS =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;
const HOUR = 3_600_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Midnight UTC of the last Sunday of `month` (1-based) in `year`. */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month - 1, daysInMonth(year, month));
  return last - new Date(last).getUTCDay() * 24 * HOUR;
}

/**
 * Since 1996 British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October. Earlier years ask the time-zone database, which is slower.
 */
function londonOffsetAt(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  if (year >= 1996) {
    const start = lastSunday(year, 3) + HOUR;
    const end = lastSunday(year, 10) + HOUR;
    return utcMs >= start && utcMs < end ? HOUR : 0;
  }
  return historicLondonOffsetAt(utcMs);
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function historicLondonOffsetAt(utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of londonClock.formatToParts(new Date(utcMs))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (utcMs - (utcMs % 1000));
}

/**
 * The UTC instant of a London wall-clock time. In the hour that does not exist (clocks go
 * forward) the offset before the change applies, so 01:30 reads as 02:30 BST; in the hour that
 * happens twice (clocks go back) the first, BST, is taken: the `compatible` rule of Temporal and
 * java.time. Reading the offset in force one hour before the wall time gives exactly that while
 * the offsets are GMT and BST.
 */
export function londonWallClockToUtc(wallMs: number): number {
  return wallMs - londonOffsetAt(wallMs - HOUR);
}

/** Formats an instant as `YYYY-MM-DDTHH:MM:SSZ`, with `.SSS` only when asked. */
function formatUtc(ms: number, withFraction: boolean): string {
  const iso = new Date(ms).toISOString();
  return withFraction ? iso : `${iso.slice(0, 19)}Z`;
}

/**
 * Converts an HL7 TS value to UTC ISO 8601. Returns undefined when the value is not a valid
 * timestamp (the caller decides whether that is an error).
 */
export function hl7TimeToUtc(value: string): string | undefined {
  const m = TS.exec(value.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (m[8] !== undefined) {
    const offsetHours = Number(m[9]);
    const offsetMinutes = Number(m[10]);
    if (offsetHours > 14 || offsetMinutes > 59) return undefined;
    const sign = m[8] === '-' ? -1 : 1;
    return formatUtc(wall - sign * (offsetHours * HOUR + offsetMinutes * 60_000), fraction !== undefined);
  }
  return formatUtc(londonWallClockToUtc(wall), fraction !== undefined);
}

/**
 * The date part of an HL7 DT/TS value as `YYYY-MM-DD` (a birth date stays a date, even when it
 * carries a time of birth). `partial` when it holds only a year or a year and month; undefined
 * when it is not a date at all.
 */
export function hl7DateOnly(value: string): string | 'partial' | undefined {
  const m = TS.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d] = m;
  if (mo === undefined || d === undefined) {
    return mo === undefined || (Number(mo) >= 1 && Number(mo) <= 12) ? 'partial' : undefined;
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${y}-${mo}-${d}`;
}
