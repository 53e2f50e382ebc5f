// No personal data in logs: capture every line the hub logs while it takes in every fixture and
// runs the demo, then look for the names, NHS numbers and birth dates those messages carry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDemo } from '../../local/demo/run.ts';
import type { LocalHub } from '../../local/hub.ts';
import { fixtureNames, parseFixture, readFixture } from '../helpers/fixtures.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';

const captured: string[] = [];
const write = process.stdout.write.bind(process.stdout);
let hub: LocalHub;

beforeAll(async () => {
  // Log everything the handlers log at INFO, and keep a copy of it.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  hub = await startTestHub('logs', { logLevel: 'INFO' });
});

afterAll(async () => {
  process.stdout.write = write;
  await hub?.stop();
});

/** Every name, NHS number and birth date in the fixtures, in the forms a log could show them. */
function personalData(): string[] {
  const values = new Set<string>();
  for (const name of fixtureNames()) {
    for (const result of parseFixture(name)) {
      if (!result.ok || result.event.patient === undefined) continue;
      const { patient } = result.event;
      for (const part of [patient.name?.family, ...(patient.name?.given ?? [])])
        if (part && part.length > 2) values.add(part);
      if (patient.nhsNumber) values.add(patient.nhsNumber);
      if (patient.birthDate) {
        values.add(patient.birthDate);
        values.add(patient.birthDate.replace(/-/g, ''));
      }
      if (patient.postcode) values.add(patient.postcode);
    }
  }
  return [...values];
}

it('logs ids and counts, never names, NHS numbers, birth dates or postcodes', async () => {
  // The demo first: its subscribers then receive the fixtures' alerts too, so delivery logs.
  const demo = await runDemo(hub);
  for (const name of fixtureNames()) await postHl7(hub, readFixture(name));
  // Every message processed and every alert delivered (or dead-lettered): all their lines are in.
  await settled(hub);
  demo.stopPolling();
  await demo.receiver.close();

  const logLines = captured
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{"level"'));
  const leaks = personalData().filter((value) => logLines.some((line) => line.includes(value)));

  expect(logLines.length).toBeGreaterThan(50);
  expect(logLines.some((line) => line.includes('"controlId"'))).toBe(true);
  expect(logLines.some((line) => line.includes('"webhook attempt"'))).toBe(true);
  expect(logLines.some((line) => line.includes('"hl7 message processed"'))).toBe(true);
  expect(leaks).toEqual([]);
});
