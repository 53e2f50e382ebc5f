import { type FieldComparator, weight } from './comparator.ts';

/** Chance that two strangers share a birth date: about one day in ninety years. */
const SAME_DAY_BY_CHANCE = 1 / (365.25 * 90);

const SAME_BIRTH_DATE_WEIGHT = weight(0.95, SAME_DAY_BY_CHANCE);
const SWAPPED_WEIGHT = weight(0.01, SAME_DAY_BY_CHANCE * 2);
const SLIP_WEIGHT = weight(0.02, SAME_DAY_BY_CHANCE * 30);
const DIFFERENT_DATE_WEIGHT = weight(0.01, 0.99);
/** The most a birth date can add when it is a swap or a slip of the message's, and when it is neither. */
export const OTHER_BIRTH_DATE_WEIGHT = {
  near: Math.max(SWAPPED_WEIGHT, SLIP_WEIGHT),
  disagree: DIFFERENT_DATE_WEIGHT,
} as const;

/**
 * Whether two birth dates kept as numbers (yyyymmdd) are a day/month swap or a keying slip of each
 * other, as the comparison below reads their `YYYY-MM-DD` forms.
 */
export function nearBirthNumbers(a: number, b: number): boolean {
  // Plain arithmetic, no strings: this runs for every candidate a large registry offers.
  const monthA = Math.floor(a / 100) % 100;
  const dayA = a % 100;
  if (
    Math.floor(a / 10_000) === Math.floor(b / 10_000) &&
    monthA === b % 100 &&
    dayA === Math.floor(b / 100) % 100 &&
    monthA !== dayA
  )
    return true;
  // One digit changed, or two neighbours swapped, moves the number by at most 81 times a power of
  // ten: most pairs are told apart here, without looking at the digits.
  let apart = Math.abs(a - b);
  while (apart % 10 === 0 && apart > 0) apart /= 10;
  if (apart > 81) return false;
  let differing = 0;
  let firstPlace = -1;
  let firstA = 0;
  let firstB = 0;
  let secondA = 0;
  let secondB = 0;
  let adjacent = false;
  for (let place = 0, unit = 1; place < 8; place++, unit *= 10) {
    const x = Math.floor(a / unit) % 10;
    const y = Math.floor(b / unit) % 10;
    if (x === y) continue;
    differing++;
    if (differing === 1) {
      firstPlace = place;
      firstA = x;
      firstB = y;
    } else if (differing === 2) {
      adjacent = place === firstPlace + 1;
      secondA = x;
      secondB = y;
    } else return false;
  }
  return differing === 1 || (differing === 2 && adjacent && firstA === secondB && secondA === firstB);
}

/** One digit different, or two neighbouring digits swapped: a keying slip. */
function isSlip(a: string, b: string): boolean {
  const x = a.replace(/-/g, '');
  const y = b.replace(/-/g, '');
  if (x.length !== y.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff.push(i);
  if (diff.length === 1) return true;
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && x[i] === y[j] && x[j] === y[i];
}

function isDayMonthSwap(a: string, b: string): boolean {
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  return ya === yb && ma === db && da === mb && ma !== da;
}

/**
 * Exact agreement is the strongest evidence there is short of an identifier; a day/month swap or
 * a single slip is still good evidence. The same person's birth date rarely disagrees otherwise.
 */
export const birthDate: FieldComparator = (probe, candidate) => {
  const a = probe.birthDate;
  const b = candidate.birthDate;
  if (a === undefined || b === undefined) return { field: 'birthDate', agreement: 'missing', weight: 0 };
  if (a === b) return { field: 'birthDate', agreement: 'exact', weight: SAME_BIRTH_DATE_WEIGHT };
  if (isDayMonthSwap(a, b)) return { field: 'birthDate', agreement: 'swapped', weight: SWAPPED_WEIGHT };
  if (isSlip(a, b)) return { field: 'birthDate', agreement: 'slip', weight: SLIP_WEIGHT };
  return { field: 'birthDate', agreement: 'disagree', weight: DIFFERENT_DATE_WEIGHT };
};
