// Ingest benchmark (`npm run bench:ingest`): HTTP ingest through the local hub (the real Lambda
// handler on DynamoDB Local and the in-process SQS emulator) against a floor measured in the
// same run on the same emulators: a bare node:http server doing one PutItem and one FIFO
// SendMessage per request and nothing else. Closed loop, 1 and 16 senders. The load (the senders
// and their latency bookkeeping, bench/load-sender.ts) runs in a worker thread, so that the main
// thread runs only the servers and the SQS emulator and the load's CPU is not charged to either
// side. Prints figures only; exits non-zero only when something fails (start-up, or a request
// that gets no answer at all).

import { availableParallelism, cpus } from 'node:os';
import { startLocalHub } from '../local/hub.ts';
import { generateAdtCorpus } from './corpus.ts';
import { runLoad, startFloor } from './lib/floor.ts';
import { mshTemplate, runId } from './lib/messages.ts';
import { fmt, percentile } from './lib/stats.ts';
import type { LoadRequest, LoadWindow } from './load-sender.ts';

const CORPUS_SIZE = 2_000;
const SEED = 1;
const WARM_UP_MS = 2_000;
const MEASURE_MS = 8_000;
const SENDER_COUNTS = [1, 16] as const;
const GOAL = 0.7;
const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';

// --- Messages: the corpus, each with a fresh MSH-10 every time it is sent (by the load worker) ---

const templates = generateAdtCorpus(CORPUS_SIZE, SEED).map(mshTemplate);
/** Control ids are `B<run>-<n>`: unique within this run, and across runs (a persistent table). */
const run = runId();
/** Messages generated so far: the next configuration's control ids carry on from here. */
let sent = 0;

// --- Load: closed-loop senders, in a worker thread ----------------------------------------------

interface Target {
  name: LoadRequest['target'];
  url: string;
  headers: Record<string, string>;
}

type Result = LoadWindow;

/** Outcomes other than accepted during the warm-ups, which are not otherwise reported. */
const warmUpOther = new Map<string, number>();

async function measure(target: Target, senders: number): Promise<Result> {
  const report = await runLoad({
    target: target.name,
    url: target.url,
    headers: target.headers,
    templates,
    run,
    firstMessage: sent,
    senders,
    warmUpMs: WARM_UP_MS,
    measureMs: MEASURE_MS,
  });
  sent += report.generated;
  if (report.warmUp.failed + report.measured.failed > 0) process.exitCode = 1;
  for (const [outcome, count] of report.warmUp.other) {
    const key = `${target.name}/${senders} (warm-up): ${outcome}`;
    warmUpOther.set(key, (warmUpOther.get(key) ?? 0) + count);
  }
  return report.measured;
}

// --- Run ----------------------------------------------------------------------------------------

const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`Node ${process.version}, ${availableParallelism()} CPUs (${cpuModel})`);
const startedAt = performance.now();
// Ingest alone, as the floor is alone: no process step draining the queue (it would also take the
// floor's bare messages for its own).
// The handlers' one log line per message would drown the figures.
const hub = await startLocalHub({ consumeQueues: false, logLevel: 'SILENT' });
const floor = await startFloor(hub, run, hub.env.INGEST_QUEUE_URL as string);
console.log(
  `Local hub ready in ${fmt((performance.now() - startedAt) / 1000, 1)} s: DynamoDB Local (Java) at ` +
    `${hub.emulators.dynamodbEndpoint}, SQS emulator (in this process) at ${hub.emulators.sqsEndpoint}`,
);
console.log(
  `Corpus: ${fmt(templates.length)} synthetic ADT messages (seed ${SEED}), each sent with a fresh MSH-10 ` +
    `(B${run}-<n>). Per configuration: ${WARM_UP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured; ` +
    'closed loop (each sender waits for its answer), fetch over keep-alive. The load runs in a worker ' +
    'thread (one per configuration); the main thread runs only the servers and the SQS emulator.\n',
);

const targets: Record<Target['name'], Target> = {
  floor: { name: 'floor', url: floor.url, headers: { 'content-type': HL7_CONTENT_TYPE } },
  hub: {
    name: 'hub',
    url: hub.httpUrl,
    headers: { authorization: `Bearer ${hub.senderKey}`, 'content-type': HL7_CONTENT_TYPE },
  },
};

const results = new Map<string, Result>();
try {
  // ABBA order, so that neither side always runs on the fuller table and queue.
  const order: [Target['name'], number][] = [];
  for (const [i, senders] of SENDER_COUNTS.entries()) {
    const pair: Target['name'][] = i % 2 === 0 ? ['floor', 'hub'] : ['hub', 'floor'];
    for (const name of pair) order.push([name, senders]);
  }
  for (const [name, senders] of order) {
    process.stdout.write(`  ${name.padEnd(5)} ${String(senders).padStart(2)} sender(s)… `);
    const result = await measure(targets[name], senders);
    results.set(`${name}/${senders}`, result);
    console.log(`${fmt(result.accepted / result.seconds)} msgs/s`);
  }
} finally {
  await floor.close();
  await hub.stop();
}

// --- Report -------------------------------------------------------------------------------------

const header = ['config', 'floor msgs/s', 'p50 ms', 'p99 ms', 'hub msgs/s', 'p50 ms', 'p99 ms', 'hub/floor'];
const rows = SENDER_COUNTS.map((senders) => {
  const f = results.get(`floor/${senders}`) as Result;
  const h = results.get(`hub/${senders}`) as Result;
  const floorRate = f.accepted / f.seconds;
  const hubRate = h.accepted / h.seconds;
  return [
    `${senders} sender${senders === 1 ? '' : 's'}`,
    fmt(floorRate),
    fmt(percentile(f.latencies, 0.5), 2),
    fmt(percentile(f.latencies, 0.99), 2),
    fmt(hubRate),
    fmt(percentile(h.latencies, 0.5), 2),
    fmt(percentile(h.latencies, 0.99), 2),
    `${(hubRate / floorRate).toFixed(2)}×`,
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
    .join('  ');
console.log(`\n${line(header)}`);
for (const row of rows) console.log(line(row));
console.log(`\ngoal: hub ≥ ${GOAL}× floor (msgs/s, accepted only: hub counts HTTP 200 with MSA-1 AA)`);
console.log(
  `requests: ${[...results].map(([key, r]) => `${key} ${fmt(r.latencies.length)}`).join(', ')} ` +
    `(${fmt(sent)} messages generated in all)`,
);

const other: [string, number][] = [];
for (const [key, result] of results) {
  for (const [outcome, count] of result.other) other.push([`${key}: ${outcome}`, count]);
}
other.push(...warmUpOther);
if (other.length === 0) console.log('every request (warm-up and measured) was accepted');
else {
  console.log('\nOutcomes other than accepted:');
  for (const [what, count] of other) console.log(`  ${fmt(count)} × ${what}`);
}
