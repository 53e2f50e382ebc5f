// End-to-end benchmark (`npm run bench:e2e`): from the HTTP POST of an HL7 message to the webhook
// alert it causes arriving at a subscriber, through the whole local hub: the ingest Lambda handler
// over HTTP, DynamoDB Local, the in-process SQS emulator, the process step (match + route) and the
// webhook deliverer as local Lambda event sources, and a loopback receiver that verifies each
// delivery's Standard Webhooks signature. One subscriber, whose roster holds a few hundred
// patients, matched by hospital number; every message is an admission (A01) for the next patient
// in turn, so each one makes exactly one alert, and consecutive messages are for different
// patients (FIFO groups are per patient).
//
// Open loop at fixed rates (bench/e2e-sender.ts, in a worker thread: the main thread runs only the
// hub, the SQS emulator and the receiver). First the ingest floor (a bare PutItem + FIFO SendMessage
// server, as bench/ingest.bench.ts measures it, on the same emulators); then 20 messages a second
// for 60 s; then steps of 15 s up to the first rate that does not hold, to find the highest
// sustained rate; then 100 a second for 60 s, last, so that if it does not hold its backlog need
// not be waited out before anything else.
// Prints figures only; exits non-zero only when something crashes.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDbRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/subscriber-directory.ts';
import { DEFAULT_EVENTS } from '../functions/core/routing/types.ts';
import { INGEST_QUEUE, REGISTRY_TABLE, WEBHOOK_QUEUE } from '../functions/platform/resources.ts';
import type { RosterEntry } from '../functions/use-cases/ports/index.ts';
import { startWebhookReceiver } from '../local/demo/receiver.ts';
import { type LocalHub, startLocalHub } from '../local/hub.ts';
import { generateAdtCorpus } from './corpus.ts';
import type { SendReport, SendRequest, Template } from './e2e-sender.ts';
import { runLoad, runWorker, startFloor } from './lib/floor.ts';
import { type BenchPatient, benchAdmission, benchPatient, mshTemplate, runId } from './lib/messages.ts';
import { fmt as formatNumber, percentile } from './lib/stats.ts';
import type { LoadRequest } from './load-sender.ts';

const PATIENTS = 400;
const LOW_RATE = 20;
const GOAL_RATE = 100;
const FIXED_WARM_UP_MS = 5_000;
const FIXED_MEASURE_MS = 60_000;
/** Up to the first that does not hold (100 a second is measured on its own, for 60 s). */
const STEP_RATES = [40, 60, 80, 150, 200, 300, 400] as const;
const STEP_WARM_UP_MS = 3_000;
const STEP_MEASURE_MS = 15_000;
/** A message not delivered this long after the end of its window counts as not delivered. */
const DELIVERY_WAIT_MS = 30_000;
/** A rate holds while delivered throughput stays at least this share of it… */
const HOLD_THROUGHPUT = 0.95;
/** …and p99 at most this, and every message is accepted and delivered. */
const HOLD_P99_MS = 5_000;
/** After a rate that did not hold, how long to let the backlog drain before the next (not measured). */
const EXTRA_DRAIN_MS = 90_000;
const GOAL_P99_MS = 1_000;
const FLOOR_SENDERS = 16;
const FLOOR_WARM_UP_MS = 2_000;
const FLOOR_MEASURE_MS = 8_000;
const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';
const SUBSCRIBER = { id: 'BENCH-E2E', name: 'End-to-end benchmark receiver (webhook)' };

function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–';
  return formatNumber(n, digits);
}

/** A latency in ms; one not delivered in time took longer than DELIVERY_WAIT_MS at least. */
function ms(n: number): string {
  if (Number.isNaN(n)) return '–';
  return Number.isFinite(n) ? fmt(n) : `> ${fmt(DELIVERY_WAIT_MS)}`;
}

/** Milliseconds on the process-wide monotonic clock: the same clock the sender worker uses. */
function clock(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

// --- The patients: one roster entry and one admission template each -----------------------------

type Patient = BenchPatient;

function patient(i: number): Patient {
  return benchPatient(i, 200_000);
}

/** An admission for the patient, split around MSH-10 for the sender to fill in. */
function admission(p: Patient, i: number, at: Date): Template {
  return mshTemplate(benchAdmission(p, i, at, { controlId: 'MSH10' }));
}

const patients = Array.from({ length: PATIENTS }, (_, i) => patient(i));
const admittedAt = new Date(Date.now() - 10 * 60_000);
const templates = patients.map((p, i) => admission(p, i, admittedAt));
/** Control ids are `E<run>-<n>` (unique within this run, and across runs). */
const run = runId();
const controlIdPrefix = `E${run}-`;
/** Messages generated so far: the next phase's control ids carry on from here. */
let generated = 0;

// --- The ingest floor: as bench/ingest.bench.ts measures it --------------------------------------

interface FloorResult {
  rate: number;
  p50: number;
  p99: number;
  other: [string, number][];
}

/**
 * The floor (lib/floor.ts) on its own FIFO queue, not the hub's ingest queue, so that the process
 * step never sees the floor's messages.
 */
async function measureFloor(hub: LocalHub): Promise<FloorResult> {
  const { QueueUrl: queueUrl } = await hub.sqs.send(
    new CreateQueueCommand({
      QueueName: `adt-hub-${hub.deployment}-bench-floor-${run}.fifo`,
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' },
    }),
  );
  if (queueUrl === undefined) throw new Error('The floor queue was not created');
  const floor = await startFloor(hub, run, queueUrl);
  try {
    const request: LoadRequest = {
      target: 'floor',
      url: floor.url,
      headers: { 'content-type': HL7_CONTENT_TYPE },
      templates: generateAdtCorpus(2_000, 1).map(mshTemplate),
      run: `F${run}`,
      firstMessage: 0,
      senders: FLOOR_SENDERS,
      warmUpMs: FLOOR_WARM_UP_MS,
      measureMs: FLOOR_MEASURE_MS,
    };
    const report = await runLoad(request);
    const m = report.measured;
    return {
      rate: m.accepted / m.seconds,
      p50: percentile(m.latencies, 0.5),
      p99: percentile(m.latencies, 0.99),
      other: [...report.warmUp.other, ...m.other],
    };
  } finally {
    await floor.close();
    await hub.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
  }
}

// --- Run ----------------------------------------------------------------------------------------

const parallelism = availableParallelism();
const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`Node ${process.version}, ${parallelism} CPUs (${cpuModel})`);
if (parallelism <= 4) {
  console.log(
    `Note: on ${parallelism} CPUs everything here shares them: DynamoDB Local (Java), the hub's handlers, ` +
      'the SQS emulator and the receiver (main thread), and the load generator (worker thread). ' +
      'The figures are the whole pipeline on one small machine, not what AWS would do.',
  );
}
const benchStartedAt = clock();
// The handlers' one log line per message would drown the figures.
const hub = await startLocalHub({ logLevel: 'SILENT' });
console.log(
  `Local hub ready in ${fmt((clock() - benchStartedAt) / 1000, 1)} s: DynamoDB Local (Java, in memory) at ` +
    `${hub.emulators.dynamodbEndpoint}, SQS emulator (in this process) at ${hub.emulators.sqsEndpoint}`,
);

// The receiver: arrival time of each alert, by message number.
const receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
const arrivals = new Map<number, number>();
/** Accepted messages whose alert has not arrived yet. */
const pending = new Set<number>();
let duplicates = 0;
let unverified = 0;
let foreign = 0;
receiver.onReceive = (received) => {
  const at = clock();
  receiver.received.length = 0; // only the callback is needed; keep memory flat
  const controlId = (received.body as { data?: { source?: { controlId?: string } } }).data?.source?.controlId;
  if (!received.verified) unverified++;
  if (controlId === undefined || !controlId.startsWith(controlIdPrefix)) {
    foreign++;
    return;
  }
  const n = Number(controlId.slice(controlIdPrefix.length));
  if (arrivals.has(n)) duplicates++;
  else {
    arrivals.set(n, at);
    pending.delete(n);
  }
};

const table = hub.env[REGISTRY_TABLE.envVar] as string;
await new DynamoDbSubscriberDirectory(hub.dynamodb, table).add({
  ...SUBSCRIBER,
  events: DEFAULT_EVENTS,
  delivery: { kind: 'webhook', url: receiver.url, secret: receiver.secret },
});
const roster: RosterEntry[] = patients.map((p, i) => ({
  personId: `p-bench-${i}`,
  line: i + 2,
  family: p.family,
  given: [p.given],
  birthDate: `${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6, 8)}`,
  localId: `RBN:${p.mrn}`,
}));
await new DynamoDbRosterStore(hub.dynamodb, table).saveRoster(SUBSCRIBER.id, roster);

console.log(
  `Subscriber: one webhook receiver on loopback (every delivery's signature verified); its roster: ` +
    `${fmt(PATIENTS)} patients, matched by hospital number (PID-3 RBN…^^^RBN^MR). Every message is an ` +
    `A01 for the next patient in turn (fresh MSH-10, E${run}-<n>), so each makes one alert.`,
);
console.log(
  'Load: open loop (message i due at start + i/rate, whether or not earlier ones were answered), ' +
    'fetch over keep-alive, from a worker thread; latency = the alert arriving at the receiver − the ' +
    "POST's start, on one monotonic clock. ack = the HTTP answer to the POST.\n",
);

interface Phase {
  rate: number;
  measureMs: number;
  sent: number;
  accepted: number;
  delivered: number;
  /** Accepted but not delivered within DELIVERY_WAIT_MS of the end of the window. */
  late: number;
  /** Alerts of this phase arriving inside its measured window, a second. */
  deliveredRate: number;
  /** Of every accepted message in the window, sorted; Infinity for one not delivered in time. */
  latencies: Float64Array;
  ackLatencies: Float64Array;
  other: [string, number][];
  maxLagMs: number;
  /** Messages on the ingest and webhook queues (visible or in flight) as the window ends. */
  backlog: { ingest: number; webhook: number };
  /** This process's CPU (main thread and workers) while sending, in % of one CPU. */
  nodeCpu: number;
  /** The whole machine's CPU while sending, in % of all CPUs (Linux; NaN elsewhere). */
  machineBusy: number;
  held: boolean;
}

/** CPU ticks of the whole machine, busy and in all, from /proc/stat (Linux only). */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
    const ticks = fields.map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

async function queueDepth(queueUrl: string): Promise<number> {
  const { Attributes: a } = await hub.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(a?.ApproximateNumberOfMessages ?? Number.NaN) +
    Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function waitForPending(until: number): Promise<void> {
  while (pending.size > 0 && clock() < until) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function runPhase(rate: number, warmUpMs: number, measureMs: number): Promise<Phase> {
  const request: SendRequest = {
    url: hub.httpUrl,
    headers: { authorization: `Bearer ${hub.senderKey}`, 'content-type': HL7_CONTENT_TYPE },
    templates,
    run,
    firstMessage: generated,
    rate,
    warmUpMs,
    measureMs,
  };
  const wallFrom = clock();
  const cpuFrom = process.cpuUsage();
  const machineFrom = machineTicks();
  const report = await runWorker<SendReport>(new URL('./e2e-sender.ts', import.meta.url), request);
  const cpu = process.cpuUsage(cpuFrom);
  const machineTo = machineTicks();
  const nodeCpu = (100 * (cpu.user + cpu.system)) / 1000 / (clock() - wallFrom);
  const machineBusy =
    machineFrom === undefined || machineTo === undefined
      ? Number.NaN
      : (100 * (machineTo.busy - machineFrom.busy)) / (machineTo.total - machineFrom.total);
  const [ingestQueue, webhookQueue] = await Promise.all([
    queueDepth(hub.env[INGEST_QUEUE.envVar] as string).catch(() => Number.NaN),
    queueDepth(hub.env[WEBHOOK_QUEUE.envVar] as string).catch(() => Number.NaN),
  ]);

  const first = generated;
  generated += report.count;
  for (let i = 0; i < report.count; i++) {
    if (report.accepted[i] === 1 && !arrivals.has(first + i)) pending.add(first + i);
  }
  const deadline = report.measureEnd + DELIVERY_WAIT_MS;
  await waitForPending(deadline);

  const latencies: number[] = [];
  let accepted = 0;
  let late = 0;
  let inWindow = 0;
  for (let i = 0; i < report.count; i++) {
    const at = arrivals.get(first + i);
    const delivered = at !== undefined && at <= deadline;
    if (delivered && at >= report.measureStart && at < report.measureEnd) inWindow++;
    if (i < report.warmUp) continue;
    if (report.accepted[i] === 1) accepted++;
    if (delivered) latencies.push(at - (report.startedAt[i] as number));
    else if (report.accepted[i] === 1) {
      // Not delivered in time: it counts in the percentiles, as longer than anything delivered.
      late++;
      latencies.push(Number.POSITIVE_INFINITY);
    }
  }
  const sent = report.count - report.warmUp;
  const sorted = Float64Array.from(latencies).sort();
  const deliveredRate = inWindow / (measureMs / 1000);
  return {
    rate,
    measureMs,
    sent,
    accepted,
    delivered: latencies.length - late,
    late,
    deliveredRate,
    latencies: sorted,
    ackLatencies: report.ackLatencies,
    other: report.other,
    maxLagMs: report.maxLagMs,
    backlog: { ingest: ingestQueue, webhook: webhookQueue },
    nodeCpu,
    machineBusy,
    held:
      accepted === sent &&
      late === 0 &&
      deliveredRate >= HOLD_THROUGHPUT * rate &&
      percentile(sorted, 0.99) <= HOLD_P99_MS,
  };
}

/** Right-aligned columns, two spaces apart. */
function columns(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => cell.padStart(widths[i] as number)).join('  ');
  return [line(header), ...rows.map(line)];
}

const phases: Phase[] = [];
let floor: FloorResult | undefined;
const describe = (p: Phase): string =>
  `delivered ${fmt(p.delivered)}/${fmt(p.sent)}, ${fmt(p.deliveredRate)}/s, ` +
  `p50 ${ms(percentile(p.latencies, 0.5))} ms, p99 ${ms(percentile(p.latencies, 0.99))} ms`;
/** Lets what the last phase left on the queues drain (not measured), so the next starts clean. */
async function settle(): Promise<void> {
  if (pending.size === 0) return;
  process.stdout.write(`      (letting a backlog of ${fmt(pending.size)} drain, not measured… `);
  const from = clock();
  await waitForPending(clock() + EXTRA_DRAIN_MS);
  console.log(
    `${pending.size === 0 ? 'drained' : `${fmt(pending.size)} still pending`} after ${fmt((clock() - from) / 1000, 1)} s)`,
  );
}
async function phase(rate: number, warmUpMs: number, measureMs: number): Promise<Phase> {
  await settle();
  process.stdout.write(
    `  ${String(rate).padStart(3)}/s for ${measureMs / 1000} s (+${warmUpMs / 1000} s warm-up)… `,
  );
  const result = await runPhase(rate, warmUpMs, measureMs);
  phases.push(result);
  console.log(describe(result));
  return result;
}

try {
  process.stdout.write(
    `Ingest floor (bare PutItem + FIFO SendMessage to a queue of its own, ${FLOOR_SENDERS} senders closed loop, ` +
      `${FLOOR_WARM_UP_MS / 1000} s warm-up + ${FLOOR_MEASURE_MS / 1000} s)… `,
  );
  floor = await measureFloor(hub);
  console.log(`${fmt(floor.rate)} msgs/s (p50 ${fmt(floor.p50, 2)} ms, p99 ${fmt(floor.p99, 2)} ms)`);

  await phase(LOW_RATE, FIXED_WARM_UP_MS, FIXED_MEASURE_MS);
  // The steps before the 100 a second phase: a rate that does not hold leaves a backlog to drain,
  // and the last phase's backlog need not be waited out.
  for (const rate of STEP_RATES) {
    const result = await phase(rate, STEP_WARM_UP_MS, STEP_MEASURE_MS);
    if (!result.held) break;
  }
  await phase(GOAL_RATE, FIXED_WARM_UP_MS, FIXED_MEASURE_MS);
} finally {
  await receiver.close();
  await hub.stop();
}

// --- Report -------------------------------------------------------------------------------------

const ordered = [...phases].sort((a, b) => a.rate - b.rate);
console.log('');
const latencyTable = columns(
  [
    'rate/s',
    'window',
    'sent',
    'accepted',
    'delivered',
    'not in 30 s',
    'delivered/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'held',
  ],
  ordered.map((p) => [
    fmt(p.rate),
    `${fmt(p.measureMs / 1000)} s`,
    fmt(p.sent),
    fmt(p.accepted),
    fmt(p.delivered),
    fmt(p.late),
    fmt(p.deliveredRate),
    ms(percentile(p.latencies, 0.5)),
    ms(percentile(p.latencies, 0.95)),
    ms(percentile(p.latencies, 0.99)),
    ms(percentile(p.latencies, 1)),
    p.held ? 'yes' : 'no',
  ]),
);
for (const line of latencyTable) console.log(line);
console.log(
  `\nlatency: POST start → alert at the receiver, measured window only; a message not delivered within ` +
    `${DELIVERY_WAIT_MS / 1000} s of the window's end counts as longer than that. held: every message accepted and ` +
    `delivered within ${DELIVERY_WAIT_MS / 1000} s, delivered/s (this phase's alerts arriving during ` +
    `its window) ≥ ${HOLD_THROUGHPUT * 100} % of the rate, and p99 ≤ ${fmt(HOLD_P99_MS)} ms.\n`,
);
const detailTable = columns(
  [
    'rate/s',
    'ack p50 ms',
    'ack p99 ms',
    'ingest queue',
    'webhook queue',
    'node CPU',
    'machine busy',
    'sender lag ms',
  ],
  ordered.map((p) => [
    fmt(p.rate),
    fmt(percentile(p.ackLatencies, 0.5), 1),
    fmt(percentile(p.ackLatencies, 0.99), 1),
    fmt(p.backlog.ingest),
    fmt(p.backlog.webhook),
    `${fmt(p.nodeCpu)} %`,
    `${fmt(p.machineBusy)} %`,
    fmt(p.maxLagMs, 1),
  ]),
);
for (const line of detailTable) console.log(line);
console.log(
  '\nack: POST → HTTP answer. queues: messages on each (waiting or in flight) as the window ends. ' +
    `node CPU: this process (hub, SQS emulator, receiver, load worker) in % of one CPU; machine busy: ` +
    `all ${parallelism} CPUs (DynamoDB Local's JVM included), both over warm-up + window. sender lag: ` +
    'how late the load generator started a POST, at worst.',
);

const held = phases.filter((p) => p.held).map((p) => p.rate);
const highest = held.length === 0 ? undefined : Math.max(...held);
const notHeld = phases
  .filter((p) => !p.held && (highest === undefined || p.rate > highest))
  .map((p) => p.rate);
const tried = Math.max(...phases.map((p) => p.rate));
let sustained: string;
if (highest === undefined) sustained = `none of the rates tried (${ordered.map((p) => p.rate).join(', ')}/s)`;
else {
  sustained = `${fmt(highest)} msgs/s`;
  if (highest === tried) sustained += ' (the highest rate tried)';
  else sustained += ` (${Math.min(...notHeld)}/s did not hold)`;
}
console.log(`\nhighest sustained rate, end to end: ${sustained}`);
if (floor !== undefined) {
  console.log(
    `ingest floor (same run, same emulators, as bench:ingest measures it): ${fmt(floor.rate)} msgs/s` +
      (highest === undefined
        ? ''
        : `; the sustained end-to-end rate is ${((100 * highest) / floor.rate).toFixed(0)} % of it`),
  );
}
const goal = phases.find((p) => p.rate === GOAL_RATE);
if (goal !== undefined) {
  console.log(
    `goal: p99 under ${fmt(GOAL_P99_MS)} ms at ${GOAL_RATE} msgs/s; measured at ${GOAL_RATE} msgs/s: ` +
      `p99 ${ms(percentile(goal.latencies, 0.99))} ms, delivered ${fmt(goal.deliveredRate)}/s`,
  );
}

const notes: string[] = [];
if (duplicates > 0) notes.push(`${fmt(duplicates)} alert(s) arrived twice`);
if (unverified > 0) notes.push(`${fmt(unverified)} alert(s) failed signature verification`);
if (foreign > 0) notes.push(`${fmt(foreign)} alert(s) for messages this run did not send`);
if (pending.size > 0)
  notes.push(`${fmt(pending.size)} accepted message(s) not delivered by the end of the run`);
for (const p of phases)
  for (const [outcome, count] of p.other) notes.push(`${p.rate}/s: ${fmt(count)} × ${outcome}`);
if (floor !== undefined)
  for (const [outcome, count] of floor.other) notes.push(`floor: ${fmt(count)} × ${outcome}`);
if (notes.length === 0)
  console.log('every POST was accepted; every alert arrived once, its signature verified');
else {
  console.log('\nNotes:');
  for (const note of notes) console.log(`  ${note}`);
}
console.log(`\ntotal run time ${fmt((clock() - benchStartedAt) / 1000)} s (${fmt(generated)} messages sent)`);
