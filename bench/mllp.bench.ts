// MLLP benchmark (`npm run bench:mllp`): msgs/s and ACK latency of the MLLP listener
// (functions/mllp/server.ts) with 1, 8 and 32 messages in flight. MLLP allows one outstanding
// message per connection, so N in flight is N connections, each a closed loop (the next message
// goes when the last one's ACK is back). Four servers, all measured in this run, in this process,
// with the local hub (DynamoDB Local and the SQS emulator) running throughout:
//   - echo floor: a bare node:net server that reassembles each frame (the MllpDecoder every MLLP
//     server needs) and writes back one fixed, prebuilt ACK frame: no parsing, no ACK building;
//   - no-op sink: our listener, its ingest step replaced by one that builds the AA and stores
//     nothing (goal: ≥ 0.5× the echo floor);
//   - durable: our listener in the local hub, with the real ingest (PutItem + SQS FIFO send);
//   - ingest floor: bench:ingest's floor, the same method (a bare node:http server doing one
//     PutItem and one FIFO SendMessage per request, loaded by bench/load-sender.ts with fetch over
//     keep-alive) on the same emulators (goal: durable ≥ 0.7× it, each at its best concurrency).
// The load runs in a worker thread (bench/mllp-sender.ts; one per configuration), so the main
// thread runs only the servers and the SQS emulator; the event-loop utilisation of both is printed,
// to show which side is the limit. Each MLLP server is primed once (unreported) before the first
// configuration. Prints figures only; exits non-zero only when it crashes.

import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { buildAck } from '../functions/core/hl7/ack.ts';
import { frame, MllpDecoder } from '../functions/mllp/framing.ts';
import { type MllpServer, startMllpServer } from '../functions/mllp/server.ts';
import { startLocalHub } from '../local/hub.ts';
import { generateAdtCorpus } from './corpus.ts';
import { runLoad, runWorker, startFloor } from './lib/floor.ts';
import { mshTemplate, runId } from './lib/messages.ts';
import { fmt, percentile } from './lib/stats.ts';
import type { LoadRequest } from './load-sender.ts';
import type { MllpLoadReport, MllpLoadRequest } from './mllp-sender.ts';

const CORPUS_SIZE = 2_000;
const SEED = 1;
const WARM_UP_MS = 2_000;
const MEASURE_MS = 6_000;
/** Before the first configuration: each MLLP server once, unreported (JIT, DynamoDB Local's JVM). */
const PRIME_MS = 2_000;
const PRIME_CONNECTIONS = 8;
const IN_FLIGHT = [1, 8, 32] as const;
const MAX_MESSAGE_BYTES = 1024 * 1024;
const SINK_GOAL = 0.5;
const DURABLE_GOAL = 0.7;
const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';
const HOST = '127.0.0.1';

// --- Messages: the corpus, each with a fresh MSH-10 every time it is sent (by the load worker) ---

const templates = generateAdtCorpus(CORPUS_SIZE, SEED).map(mshTemplate);
/** Control ids are `M<run>-<n>` (MLLP) and `B<run>-<n>` (HTTP floor): unique within and across runs. */
const run = runId();
/** Messages generated so far: the next configuration's control ids carry on from here. */
let sent = 0;

// --- The echo floor: frames in, one fixed ACK frame out per frame ------------------------------

const ECHO_ACK = frame('MSH|^~\\&|ECHO|ECHO|||20250101000000||ACK|1|P|2.4\rMSA|AA|1\r');

async function startEchoFloor(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const decoder = new MllpDecoder(MAX_MESSAGE_BYTES);
    socket.on('data', (data: Buffer) => {
      for (const item of decoder.push(data)) if (item.kind === 'frame') socket.write(ECHO_ACK);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, server, sockets };
}

// --- Our listener with a no-op sink: builds the AA, stores nothing -----------------------------

function startSink(): Promise<MllpServer> {
  let n = 0;
  return startMllpServer({
    port: 0,
    host: HOST,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    idleTimeoutMs: 60_000,
    senders: [{ senderId: 'bench', facilities: ['*'], networks: ['127.0.0.0/8'] }],
    ingest: async (body) => ({
      outcome: 'accepted',
      ackCode: 'AA',
      ack: buildAck(body, { code: 'AA', controlId: `S${n++}`, time: new Date() }),
    }),
    newControlId: () => `S${n++}`,
    log: () => {},
  });
}

type Kind = 'echo' | 'sink' | 'durable' | 'ingest-floor';

const LABELS: Record<Kind, string> = {
  echo: 'MLLP echo floor',
  sink: 'listener, no-op sink',
  durable: 'listener, durable ingest',
  'ingest-floor': 'bench:ingest floor (HTTP)',
};

interface Result {
  accepted: number;
  seconds: number;
  latencies: Float64Array;
  other: [string, number][];
  failed: number;
  /** Event-loop utilisation (0–1) in the measured window of the main thread (the servers) and the load worker. */
  serverUtilization?: number;
  loadUtilization?: number;
}

/** Outcomes other than accepted, and messages with no answer, by configuration (both windows). */
const other = new Map<string, number>();
let failed = 0;

function tally(key: string, warmUp: Result, measured: Result, windows = ['warm-up', 'measured']): void {
  failed += warmUp.failed + measured.failed;
  for (const [window, result] of [
    [windows[0], warmUp],
    [windows[1], measured],
  ] as const) {
    for (const [outcome, count] of result.other) {
      const label = `${key} (${window}): ${outcome}`;
      other.set(label, (other.get(label) ?? 0) + count);
    }
  }
}

async function measureMllp(kind: Kind, port: number, connections: number, prime = false): Promise<Result> {
  const request: MllpLoadRequest = {
    host: HOST,
    port,
    templates,
    run,
    firstMessage: sent,
    connections,
    warmUpMs: prime ? PRIME_MS : WARM_UP_MS,
    measureMs: prime ? 0 : MEASURE_MS,
  };
  let before: EventLoopUtilization | undefined;
  const report = await runWorker<MllpLoadReport>(
    new URL('./mllp-sender.ts', import.meta.url),
    request,
    () => {
      before = performance.eventLoopUtilization();
    },
  );
  const serverUtilization = performance.eventLoopUtilization(before).utilization;
  sent += report.generated;
  tally(`${kind}/${connections}`, report.warmUp, report.measured, prime ? ['priming', 'priming'] : undefined);
  return { ...report.measured, serverUtilization, loadUtilization: report.loadUtilization };
}

async function measureIngestFloor(url: string, senders: number): Promise<Result> {
  const request: LoadRequest = {
    target: 'floor',
    url,
    headers: { 'content-type': HL7_CONTENT_TYPE },
    templates,
    run,
    firstMessage: sent,
    senders,
    warmUpMs: WARM_UP_MS,
    measureMs: MEASURE_MS,
  };
  const report = await runLoad(request);
  sent += report.generated;
  tally(`ingest-floor/${senders}`, report.warmUp, report.measured);
  return report.measured;
}

// --- Run ----------------------------------------------------------------------------------------

const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`Node ${process.version}, ${availableParallelism()} CPUs (${cpuModel})`);
const startedAt = performance.now();
// The handlers' one log line per message would drown the figures.
const hub = await startLocalHub({ consumeQueues: false, logLevel: 'SILENT' });
const ingestFloor = await startFloor(hub, run, hub.env.INGEST_QUEUE_URL as string);
const echo = await startEchoFloor();
const sink = await startSink();
console.log(
  `Local hub ready in ${fmt((performance.now() - startedAt) / 1000, 1)} s: DynamoDB Local (Java) at ` +
    `${hub.emulators.dynamodbEndpoint}, SQS emulator (in this process) at ${hub.emulators.sqsEndpoint}; ` +
    'queue consumers off (ingest only).',
);
console.log(
  `Corpus: ${fmt(templates.length)} synthetic ADT messages (seed ${SEED}), each sent with a fresh MSH-10 ` +
    `(M${run}-<n> over MLLP, B${run}-<n> over HTTP). Per configuration: ${WARM_UP_MS / 1000} s warm-up, ` +
    `${MEASURE_MS / 1000} s measured; closed loop. MLLP: one message in flight per connection, so ` +
    'N in flight = N connections, kept open through both windows. Ingest floor: N senders, fetch over ' +
    'keep-alive. The load runs in a worker thread (one per configuration); the main thread runs only ' +
    'the servers and the SQS emulator; DynamoDB Local is a separate (Java) process.\n',
);

const ports: Record<Exclude<Kind, 'ingest-floor'>, number> = {
  echo: echo.port,
  sink: sink.port,
  durable: hub.mllpPort,
};
const results = new Map<string, Result>();
try {
  // First each MLLP server once, unreported: the first configuration after start-up otherwise runs
  // on cold JIT and while DynamoDB Local's JVM is still compiling, and comes out far slower.
  process.stdout.write(
    `  priming (${PRIME_MS / 1000} s each, ${PRIME_CONNECTIONS} connections, not reported)… `,
  );
  for (const kind of ['echo', 'sink', 'durable'] as const) {
    await measureMllp(kind, ports[kind], PRIME_CONNECTIONS, true);
  }
  console.log('done');
  // Durable and the ingest floor both write to the same table and queue: ABBA order, so that
  // neither always runs on the fuller one; the echo floor and the sink likewise, against drift.
  const order: [Kind, number][] = [];
  for (const [i, inFlight] of IN_FLIGHT.entries()) {
    const pairs: [Kind, Kind][] = [
      ['echo', 'sink'],
      ['durable', 'ingest-floor'],
    ];
    for (const pair of pairs)
      order.push(...(i % 2 === 0 ? pair : pair.toReversed()).map((kind): [Kind, number] => [kind, inFlight]));
  }
  for (const [kind, inFlight] of order) {
    process.stdout.write(`  ${LABELS[kind].padEnd(26)} ${String(inFlight).padStart(2)} in flight… `);
    const result =
      kind === 'ingest-floor'
        ? await measureIngestFloor(ingestFloor.url, inFlight)
        : await measureMllp(kind, ports[kind], inFlight);
    results.set(`${kind}/${inFlight}`, result);
    console.log(`${fmt(result.accepted / result.seconds)} msgs/s`);
  }
} finally {
  await sink.close();
  await new Promise<void>((resolve) => {
    for (const socket of echo.sockets) socket.destroy();
    echo.server.close(() => resolve());
  });
  await ingestFloor.close();
  await hub.stop();
}

// --- Report -------------------------------------------------------------------------------------

const rate = (kind: Kind, inFlight: number): number => {
  const r = results.get(`${kind}/${inFlight}`) as Result;
  return r.accepted / r.seconds;
};

const KINDS: Kind[] = ['echo', 'sink', 'durable', 'ingest-floor'];
const header = ['server', 'in flight', 'msgs/s', 'p50 ms', 'p99 ms', 'answers', 'server busy', 'load busy'];
const percent = (utilization: number | undefined): string =>
  utilization === undefined ? '–' : `${Math.round(utilization * 100)}%`;
const rows: string[][] = [];
for (const kind of KINDS) {
  for (const inFlight of IN_FLIGHT) {
    const r = results.get(`${kind}/${inFlight}`) as Result;
    rows.push([
      LABELS[kind],
      String(inFlight),
      fmt(rate(kind, inFlight)),
      fmt(percentile(r.latencies, 0.5), 2),
      fmt(percentile(r.latencies, 0.99), 2),
      fmt(r.latencies.length),
      percent(r.serverUtilization),
      percent(r.loadUtilization),
    ]);
  }
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
const line = (cells: readonly string[]): string =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
    .join('  ');
console.log(`\n${line(header)}`);
for (const [i, row] of rows.entries()) {
  if (i > 0 && i % IN_FLIGHT.length === 0) console.log('');
  console.log(line(row));
}
console.log(
  '\nmsgs/s counts accepted messages only (MLLP: ACK with MSA-1 AA; ingest floor: HTTP 200); latency ' +
    'is from the frame (request) written to the ACK (response) read, measured window only. Busy: ' +
    'event-loop utilisation in the measured window of the main thread (the servers and the SQS emulator) ' +
    'and of the load worker; near 100%, that thread is the limit (not recorded for the ingest floor, ' +
    "whose load is bench:ingest's own worker).",
);

const verdict = (ratio: number, goal: number): string => (ratio >= goal ? 'meets' : 'below');

console.log(`\nNo-op sink vs MLLP echo floor (goal ≥ ${SINK_GOAL}×):`);
for (const inFlight of IN_FLIGHT) {
  const ratio = rate('sink', inFlight) / rate('echo', inFlight);
  console.log(
    `  ${String(inFlight).padStart(2)} in flight: ${fmt(rate('sink', inFlight))} / ` +
      `${fmt(rate('echo', inFlight))} = ${ratio.toFixed(2)}× (${verdict(ratio, SINK_GOAL)} the goal)`,
  );
}

const best = (kind: Kind): [number, number] =>
  IN_FLIGHT.map((inFlight) => [rate(kind, inFlight), inFlight] as [number, number]).reduce((a, b) =>
    b[0] > a[0] ? b : a,
  );
const [durableBest, durableAt] = best('durable');
const [floorBest, floorAt] = best('ingest-floor');
const durableRatio = durableBest / floorBest;
console.log(
  `\nDurable ingest over MLLP vs the bench:ingest floor, each at its best (goal ≥ ${DURABLE_GOAL}×):`,
);
console.log(
  `  ${fmt(durableBest)} msgs/s (${durableAt} connections) / ${fmt(floorBest)} msgs/s (${floorAt} ` +
    `senders) = ${durableRatio.toFixed(2)}× (${verdict(durableRatio, DURABLE_GOAL)} the goal)`,
);
console.log(
  `  at the same concurrency: ${IN_FLIGHT.map(
    (inFlight) => `${inFlight}: ${(rate('durable', inFlight) / rate('ingest-floor', inFlight)).toFixed(2)}×`,
  ).join(', ')}`,
);

console.log(`\n${fmt(sent)} messages generated in all.`);
if (other.size === 0 && failed === 0) console.log('Every message (warm-up and measured) was accepted.');
else {
  console.log(`Messages with no answer at all: ${fmt(failed)}. Outcomes other than accepted:`);
  for (const [what, count] of other) console.log(`  ${fmt(count)} × ${what}`);
}
