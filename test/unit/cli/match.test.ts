// `adt-hub match` as an operator runs it: a roster CSV, message files, JSON Lines out.
import { describe, expect, it } from 'vitest';
import { adtHub } from '../../helpers/cli.ts';
import { HL7_FIXTURES } from '../../helpers/fixtures.ts';

const ROSTER = new URL('../../fixtures/rosters/gp-practice.csv', import.meta.url).pathname;

describe('adt-hub match', () => {
  it('prints one decision per message in the contract’s shape, and lists rejected roster rows', async () => {
    const { code, stdout, stderr } = await adtHub([
      'match',
      '--roster',
      ROSTER,
      `${HL7_FIXTURES}a01-admission.hl7`,
      `${HL7_FIXTURES}nhs-number-invalid-check-digit.hl7`,
      `${HL7_FIXTURES}a04-emergency-attendance.hl7`,
      `${HL7_FIXTURES}a20-other-without-pid.hl7`,
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(code).toBe(0);
    expect(lines).toEqual([
      {
        controlId: 'MSG00001',
        outcome: 'matched',
        method: 'nhs-number',
        score: 1,
        candidate: { line: 2, nhsNumber: '9449305552' },
      },
      {
        controlId: 'UK00005',
        outcome: 'matched',
        method: 'demographics',
        score: expect.any(Number),
        candidate: { line: 2, nhsNumber: '9449305552' },
      },
      {
        controlId: 'MSG00009',
        outcome: 'matched',
        method: 'nhs-number',
        score: 1,
        candidate: { line: 3, nhsNumber: '9434765919' },
      },
      { controlId: 'MSG00026', outcome: 'unmatched', score: 0 },
    ]);
    expect(lines[1].score).toBeGreaterThanOrEqual(0.999);
    expect(stderr).toContain('roster line 5 rejected: nhs_number is not a valid NHS number');
    expect(stderr).toContain('roster line 6 rejected: needs a valid nhs_number');
  });

  it('shows the evidence when asked', async () => {
    const { stdout } = await adtHub([
      'match',
      '--evidence',
      '--roster',
      ROSTER,
      `${HL7_FIXTURES}a01-admission.hl7`,
    ]);

    expect(JSON.parse(stdout).evidence).toContainEqual({
      field: 'birthDate',
      agreement: 'exact',
      weight: expect.any(Number),
    });
  });

  it('fails in one line when the roster cannot be read', async () => {
    const { code, stderr } = await adtHub([
      'match',
      '--roster',
      '/no/such.csv',
      `${HL7_FIXTURES}a01-admission.hl7`,
    ]);

    expect(code).toBe(1);
    expect(stderr.trim()).toBe('adt-hub match: cannot read /no/such.csv: ENOENT');
  });
});
