// `npm start` until the local hub lands (issue #3): says what exists today and shows the HL7
// core at work on the bundled sample messages. No emulator is started yet.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAdt } from '../functions/core/normalise/parse-adt.ts';

const samples = fileURLToPath(new URL('../test/fixtures/hl7/', import.meta.url));
const files = readdirSync(samples)
  .filter((name) => name.endsWith('.hl7'))
  .sort();

console.log('ADT Hub — the local hub (emulators, HTTP ingest, alerts) is not built yet.');
console.log('What works today is the HL7 core: here it is on the bundled synthetic messages.\n');
console.log(`${'file'.padEnd(40)} ${'control id'.padEnd(10)} ${'trigger'.padEnd(7)} result`);
let accepted = 0;
let refused = 0;
for (const file of files) {
  for (const result of parseAdt(readFileSync(`${samples}${file}`))) {
    if (result.ok) accepted++;
    else refused++;
    const outcome = result.ok ? result.event.event : `${result.error.ackCode} ${result.error.code}`;
    const controlId = result.ok ? result.event.controlId : '';
    const trigger = result.ok ? result.event.trigger : '';
    console.log(`${file.padEnd(40)} ${controlId.padEnd(10)} ${trigger.padEnd(7)} ${outcome}`);
  }
}
console.log(`\n${accepted} messages normalised, ${refused} refused with a reason.`);
console.log('Try: npx adt-hub parse test/fixtures/hl7/a01-admission.hl7');
