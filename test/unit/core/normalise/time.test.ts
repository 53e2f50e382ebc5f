import { afterEach, describe, expect, it } from 'vitest';
import { hl7DateOnly, hl7TimeToUtc } from '../../../../functions/core/normalise/time.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('hl7TimeToUtc', () => {
  it.each([
    ['20261120101500', '2026-11-20T10:15:00Z'],
    ['202611201015', '2026-11-20T10:15:00Z'],
    ['2026112010', '2026-11-20T10:00:00Z'],
    ['20261120', '2026-11-20T00:00:00Z'],
    ['2026', '2026-01-01T00:00:00Z'],
    ['20260715120000', '2026-07-15T11:00:00Z'],
    ['20260715120000.1234', '2026-07-15T11:00:00.123Z'],
    ['20260715120000+0000', '2026-07-15T12:00:00Z'],
    ['20260715120000-0530', '2026-07-15T17:30:00Z'],
    ['20261231233000+0100', '2026-12-31T22:30:00Z'],
    // 29 March 2026, clocks forward at 01:00 GMT: 01:30 does not exist and reads as 02:30 BST.
    ['202603290059', '2026-03-29T00:59:00Z'],
    ['202603290130', '2026-03-29T01:30:00Z'],
    ['202603290200', '2026-03-29T01:00:00Z'],
    // 25 October 2026, clocks back at 02:00 BST: 01:30 happens twice and reads as the first (BST).
    ['202610250059', '2026-10-24T23:59:00Z'],
    ['202610250130', '2026-10-25T00:30:00Z'],
    ['202610250200', '2026-10-25T02:00:00Z'],
    // Years before the 1996 rules come from the time-zone database (BST ended on 23 October 1983).
    ['198310221200', '1983-10-22T11:00:00Z'],
    ['198310241200', '1983-10-24T12:00:00Z'],
  ])('converts %s to %s', (value, utc) => {
    expect(hl7TimeToUtc(value)).toBe(utc);
  });

  it.each([
    '',
    'yesterday',
    '2026-11-20',
    '20261320',
    '20260230',
    '20261120250000',
    '202611201060',
    '20261120+01',
  ])('refuses %j', (value) => {
    expect(hl7TimeToUtc(value)).toBeUndefined();
  });

  it.each([
    ['America/New_York', 240],
    ['Asia/Kolkata', -330],
    ['Pacific/Chatham', -765],
    ['UTC', 0],
  ])('gives the same answer when the machine is in %s', (tz, julyOffsetMinutes) => {
    process.env.TZ = tz;

    // The machine's zone really changed: local July time is that zone's.
    expect(new Date(2026, 6, 15, 12).getTimezoneOffset()).toBe(julyOffsetMinutes);
    expect(hl7TimeToUtc('20260715120000')).toBe('2026-07-15T11:00:00Z');
    expect(hl7TimeToUtc('202610250130')).toBe('2026-10-25T00:30:00Z');
    expect(hl7TimeToUtc('198310221200')).toBe('1983-10-22T11:00:00Z');
  });
});

describe('hl7DateOnly', () => {
  it('keeps a date a date, even with a time of birth', () => {
    expect(hl7DateOnly('19420317')).toBe('1942-03-17');
    expect(hl7DateOnly('194203172330')).toBe('1942-03-17');
  });

  it('calls a year or year-and-month partial', () => {
    expect(hl7DateOnly('1942')).toBe('partial');
    expect(hl7DateOnly('194203')).toBe('partial');
  });

  it('refuses what is not a date', () => {
    expect(hl7DateOnly('19421317')).toBeUndefined();
    expect(hl7DateOnly('17/03/1942')).toBeUndefined();
  });
});
