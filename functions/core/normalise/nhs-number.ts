// NHS numbers: ten digits whose last is a modulus-11 check digit over the first nine.

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** True when ten digits carry a valid modulus-11 check digit. */
export function hasValidNhsCheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (WEIGHTS[i] as number);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/**
 * The NHS number in `raw` as ten digits (spaces and hyphens removed), or undefined when it is not
 * a valid one. Ten identical digits (0000000000, 1111111111) pass the check digit but are
 * placeholders, never a person: matching on them would join strangers, so they are refused.
 */
export function normaliseNhsNumber(raw: string): string | undefined {
  const digits = raw.replace(/[\s-]/g, '');
  if (!hasValidNhsCheckDigit(digits)) return undefined;
  if (/^(\d)\1{9}$/.test(digits)) return undefined;
  return digits;
}
