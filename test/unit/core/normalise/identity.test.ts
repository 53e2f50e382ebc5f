import { describe, expect, it } from 'vitest';
import {
  hasValidNhsCheckDigit,
  normaliseNhsNumber,
} from '../../../../functions/core/normalise/nhs-number.ts';
import { normalisePostcode } from '../../../../functions/core/normalise/postcode.ts';

describe('NHS numbers', () => {
  it.each(['9449305552', '9434765919', '9990548609', '4010232137'])('accepts %s', (n) => {
    expect(hasValidNhsCheckDigit(n)).toBe(true);
    expect(normaliseNhsNumber(n)).toBe(n);
  });

  it('removes spaces and hyphens', () => {
    expect(normaliseNhsNumber(' 944 930 5552 ')).toBe('9449305552');
    expect(normaliseNhsNumber('944-930-5552')).toBe('9449305552');
  });

  it.each([
    ['9449305553', 'wrong check digit'],
    ['9449305550', 'wrong check digit'],
    ['1234567890', 'check digit would be 10'],
    ['944930555', 'nine digits'],
    ['94493055521', 'eleven digits'],
    ['94493O5552', 'a letter O'],
    ['0000000000', 'placeholder'],
    ['1111111111', 'placeholder that passes modulus 11'],
  ])('refuses %s (%s)', (n) => {
    expect(normaliseNhsNumber(n)).toBeUndefined();
  });
});

describe('postcodes', () => {
  it.each([
    ['wa11aa', 'WA1 1AA'],
    ['WA1 1AA', 'WA1 1AA'],
    [' sw1a  2aa ', 'SW1A 2AA'],
    ['M11AE', 'M1 1AE'],
    ['B338TH', 'B33 8TH'],
    ['EC1A1BB', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
  ])('normalises %j to %s', (raw, postcode) => {
    expect(normalisePostcode(raw)).toBe(postcode);
  });

  it.each(['', 'WA1', '12345', 'WA1 1A', 'NOT A POSTCODE'])('refuses %j', (raw) => {
    expect(normalisePostcode(raw)).toBeUndefined();
  });
});
