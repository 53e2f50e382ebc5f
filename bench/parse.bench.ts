// Parse benchmark (`npm run bench:parse`): how much slower ADT Hub's parseAdt (split, separators,
// hl7-standard, unescaping, normalising to an AdtEvent) is than raw hl7-standard on the same
// synthetic corpus. Prints figures only; exits non-zero only when the corpus fails to parse.

import HL7 from 'hl7-standard';
import { parseAdt } from '../functions/core/normalise/parse-adt.ts';
import { generateAdtCorpus } from './corpus.ts';
import { fmt, median } from './lib/stats.ts';

const MESSAGES = 10_000;
const SEED = 1;
const ROUNDS = 5;
const GOAL = 1.5;

/** What each round returns, so that no work can be optimised away. */
interface Tally {
  ok: number;
  errors: number;
}

function runRaw(messages: readonly string[]): Tally {
  let ok = 0;
  for (const text of messages) {
    const h = new HL7(text);
    h.transform();
    if (h.transformed.MSH !== undefined) ok++;
  }
  return { ok, errors: messages.length - ok };
}

function runOurs(messages: readonly string[]): Tally {
  let ok = 0;
  let errors = 0;
  for (const text of messages) {
    for (const result of parseAdt(text)) {
      if (result.ok) ok++;
      else errors++;
    }
  }
  return { ok, errors };
}

function timeRound(run: (messages: readonly string[]) => Tally, messages: readonly string[]): number {
  const start = process.hrtime.bigint();
  run(messages);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// --- Corpus -----------------------------------------------------------------------------------

const generatedAt = performance.now();
const corpus = generateAdtCorpus(MESSAGES, SEED);
// hl7-standard guesses the line end from the text: give it `\r` only, with a trailing one.
const rawCorpus = corpus.map(
  (text) =>
    `${text
      .split(/\r\n|\n|\r/)
      .filter((line) => line !== '')
      .join('\r')}\r`,
);
const bytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
console.log(
  `Corpus: ${fmt(corpus.length)} synthetic ADT messages (seed ${SEED}, ${fmt(bytes / 1024)} KiB), ` +
    `generated in ${fmt(performance.now() - generatedAt)} ms`,
);

// --- Correctness pass (also the first warm-up of ours) ----------------------------------------

let okCount = 0;
let errorCount = 0;
let firstError: { json: unknown; text: string; input: string } | undefined;
for (const text of corpus) {
  const results = parseAdt(text);
  if (results.length !== 1) {
    errorCount++;
    firstError ??= {
      json: { problem: `parseAdt returned ${results.length} results for one message` },
      text,
      input: text,
    };
  }
  for (const result of results) {
    if (result.ok) {
      okCount++;
    } else {
      errorCount++;
      firstError ??= { json: result.error.toJSON(), text: result.text, input: text };
    }
  }
}
console.log(`parseAdt: ${fmt(okCount)} ok, ${fmt(errorCount)} errors`);
if (firstError !== undefined) {
  console.error('First error:', JSON.stringify(firstError.json));
  console.error('Message that failed (as generated):', JSON.stringify(firstError.input));
  process.exitCode = 1;
} else {
  // --- Warm-up, then alternating timed rounds -------------------------------------------------

  runRaw(rawCorpus);
  runOurs(corpus);

  const rawTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawTimes.push(timeRound(runRaw, rawCorpus));
    ourTimes.push(timeRound(runOurs, corpus));
  }

  const rawMs = median(rawTimes);
  const ourMs = median(ourTimes);
  const rows = [
    ['raw hl7-standard', rawMs],
    ['ours (parseAdt)', ourMs],
  ] as const;

  console.log(`\nMedian of ${ROUNDS} alternating rounds (after one warm-up pass each):\n`);
  const header = ['', 'messages', 'msgs/s', 'µs/msg', 'round ms'];
  const table = rows.map(([name, ms]) => [
    name,
    fmt(corpus.length),
    fmt(corpus.length / (ms / 1000)),
    fmt((ms * 1000) / corpus.length, 1),
    fmt(ms, 1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log(`\nratio ours/raw (time per message): ${(ourMs / rawMs).toFixed(2)}×   (goal: ≤ ${GOAL}×)`);
  const list = (times: readonly number[]): string => times.map((t) => fmt(t)).join(', ');
  console.log(`rounds (ms)  raw: ${list(rawTimes)}   ours: ${list(ourTimes)}`);
}
