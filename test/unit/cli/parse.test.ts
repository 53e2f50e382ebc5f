// `adt-hub parse` as an operator runs it: a real process, real files, exit codes and streams.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adtHub } from '../../helpers/cli.ts';
import { fixtureNames, HL7_FIXTURES } from '../../helpers/fixtures.ts';

const fixtures = fixtureNames().map((name) => `${HL7_FIXTURES}${name}`);
const good = fixtures.filter((path) => !path.includes('/bad-'));
const bad = fixtures.filter((path) => path.includes('/bad-'));

describe('adt-hub parse', () => {
  it('prints one JSON line per message and exits 0 when all parse', async () => {
    const { code, stdout, stderr } = await adtHub(['parse', ...good]);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(code).toBe(0);
    expect(stderr).toBe('');
    // Three fixtures hold two messages each.
    expect(lines).toHaveLength(good.length + 3);
    expect(lines.every((line) => typeof line.controlId === 'string' && typeof line.event === 'string')).toBe(
      true,
    );
  });

  it('prints an error object for each bad message, every line, then exits 1', async () => {
    const { code, stdout, stderr } = await adtHub(['parse', good[0] as string, ...bad]);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(code).toBe(1);
    expect(lines).toHaveLength(1 + bad.length);
    expect(lines[0].controlId).toBeDefined();
    for (const line of lines.slice(1)) {
      expect(Object.keys(line)).toEqual(['error']);
      expect(Object.keys(line.error)).toEqual(['code', 'message', 'segment', 'field']);
    }
    expect(stderr.trim()).toBe(
      `adt-hub parse: ${bad.length} of ${bad.length + 1} messages could not be parsed`,
    );
  });

  it('prints the same UTC times whatever the machine time zone', async () => {
    const files = fixtures.filter((path) => path.includes('/times-'));
    const inLondon = await adtHub(['parse', ...files], { TZ: 'Europe/London' });
    const inAuckland = await adtHub(['parse', ...files], { TZ: 'Pacific/Auckland' });

    expect(inAuckland.stdout).toBe(inLondon.stdout);
    expect(inLondon.stdout).toContain('"occurredAt":"2026-10-24T23:30:00Z"');
  });

  it('reads standard input for -', async () => {
    const { code, stdout } = await adtHub(
      ['parse', '-'],
      {},
      readFileSync(`${HL7_FIXTURES}a01-admission.hl7`),
    );

    expect(code).toBe(0);
    expect(JSON.parse(stdout).controlId).toBe('MSG00001');
  });

  it('explains itself with --help, and refuses a missing file list in one line', async () => {
    const help = await adtHub(['parse', '--help']);
    const none = await adtHub(['parse']);
    const missing = await adtHub(['parse', `${HL7_FIXTURES}no-such-file.hl7`]);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: adt-hub parse/);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*no-such-file\.hl7: ENOENT/);
  });
});
