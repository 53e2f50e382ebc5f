// Reads the synthetic HL7 fixtures in test/fixtures/hl7 (see the README there).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AdtEvent } from '../../functions/core/normalise/adt-event.ts';
import { type AdtParseResult, parseAdt } from '../../functions/core/normalise/parse-adt.ts';

export const HL7_FIXTURES = fileURLToPath(new URL('../fixtures/hl7/', import.meta.url));
/** A synthetic CA, a server certificate for localhost/127.0.0.1 and a client one (CN rbn-engine). */
export const TLS_FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

export function fixtureNames(): string[] {
  return readdirSync(HL7_FIXTURES)
    .filter((name) => name.endsWith('.hl7'))
    .sort();
}

export function readFixture(name: string): Buffer {
  return readFileSync(`${HL7_FIXTURES}${name}`);
}

export function parseFixture(name: string): AdtParseResult[] {
  return parseAdt(readFixture(name));
}

/** The AdtEvent of a fixture holding exactly one valid message; throws otherwise. */
export function eventOf(name: string): AdtEvent {
  const results = parseFixture(name);
  const [only] = results;
  if (results.length !== 1 || only === undefined) throw new Error(`${name}: ${results.length} messages`);
  if (!only.ok) throw new Error(`${name}: ${JSON.stringify(only.error)}`);
  return only.event;
}
