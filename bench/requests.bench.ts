// AWS requests per message (`npm run bench:requests`), counted on the local hub: every AWS SDK call
// the handlers make (the local hub's handler clients, counted by middleware),
// the local event source mappings' own ReceiveMessage / DeleteMessageBatch calls (the hub's client),
// and what a subscriber's consumer of its SQS queue does, each counted apart. DynamoDB calls are
// sent with ReturnConsumedCapacity=TOTAL so that the capacity units (what on-demand bills) are
// counted too. The handlers' log lines are counted in bytes (and not printed), as CloudWatch Logs
// would ingest them.
//
// Three phases on one hub: 200 admissions (A01), each for a patient the hub has not seen, with one
// webhook subscriber; 200 transfers (A02) of those same patients (the steady state: the hub knows
// their hospital numbers); then 200 admissions with three subscribers (two webhooks and one SQS
// queue), every patient on every roster, so that each message makes one alert per subscriber.
// Counters are reset after a warm-up in each phase. docs/cost.md turns the figures into money.
// Prints figures only; exits non-zero only when something crashes or the deliveries do not arrive.

import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PK } from '../functions/adapters/dynamodb/items.ts';
import { DynamoDbRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/subscriber-directory.ts';
import { DEFAULT_EVENTS } from '../functions/core/routing/types.ts';
import {
  INGEST_QUEUE,
  REGISTRY_TABLE,
  subscriberQueueName,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import type { RosterEntry } from '../functions/use-cases/ports/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../local/demo/receiver.ts';
import { LOCAL_REGION, startLocalHub } from '../local/hub.ts';
import { type BenchPatient, benchAdmission, benchPatient } from './lib/messages.ts';

const MESSAGES = 200;
const WARM_UP = 20;
/** POSTs in flight at once (so that the event sources can form batches, as under load). */
const IN_FLIGHT = 8;
const DELIVERY_WAIT_MS = 60_000;
/** Registry and subscriber caches are checked every 5 s: let a change be seen before warming up. */
const CACHE_MS = 5_500;

// The handlers log at INFO, as deployed: their lines are counted and swallowed below, never printed.
let logBytes = 0;
let logLines = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (text.startsWith('{')) {
      logBytes += Buffer.byteLength(text);
      logLines += 1;
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

const hub = await startLocalHub({ logLevel: 'INFO' });

// --- Counting ----------------------------------------------------------------------------------

type Source = 'handlers' | 'event source' | 'subscriber';
interface Tally {
  calls: Map<string, number>;
  /** DynamoDB capacity units by operation (on-demand bills read and write request units). */
  capacity: Map<string, number>;
  /** Messages in the non-empty receives and in the deletes, by queue role. */
  received: Map<string, number>;
  deleted: Map<string, number>;
  sendBytes: number[];
  /**
   * BatchGetItem requests as they would be on AWS. Reads asked in the same turn are sent together
   * (functions/adapters/dynamodb/batched-gets.ts): on AWS that is one message's person and ingest
   * hold, since a container processes its batch one record at a time; the local hub runs several
   * batches at once in one process, so their reads can share a request. Each message asks for its
   * own hold, so on AWS a request holding n hold keys is n requests.
   */
  batchGetsOnAws: number;
}

function newTally(): Tally {
  return {
    calls: new Map(),
    capacity: new Map(),
    received: new Map(),
    deleted: new Map(),
    sendBytes: [],
    batchGetsOnAws: 0,
  };
}
let tally = newTally();
const bump = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

const ingestUrl = hub.env[INGEST_QUEUE.envVar] as string;
const webhookUrl = hub.env[WEBHOOK_QUEUE.envVar] as string;
let subscriberQueueUrl = '';

function queueRole(url: unknown): string {
  if (url === ingestUrl) return 'ingest queue';
  if (url === webhookUrl) return 'webhook queue';
  if (url === subscriberQueueUrl) return "subscriber's queue";
  if (typeof url === 'string' && url.includes('-dlq')) return 'DLQ';
  return 'other queue';
}

/** `PutCommand` / `PutItemCommand` → `PutItem`: the API operation, as AWS bills it. */
function operationOf(commandName: string | undefined): string {
  const name = (commandName ?? 'Unknown').replace(/Command$/, '');
  const documentNames: Record<string, string> = {
    Put: 'PutItem',
    Get: 'GetItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactGet: 'TransactGetItems',
    TransactWrite: 'TransactWriteItems',
  };
  return documentNames[name] ?? name;
}

const DYNAMODB_DATA = new Set([
  'PutItem',
  'GetItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

type Stack = { add: (middleware: unknown, options: { step: 'initialize'; name: string }) => void };
type Args = { input: Record<string, unknown> };
type Result = { output: Record<string, unknown> };
type Next = (args: Args) => Promise<Result>;

function countDynamoDb(stack: Stack): void {
  stack.add(
    (next: Next, context: { commandName?: string }) => async (args: Args) => {
      const operation = operationOf(context.commandName);
      const tableName = String(args.input.TableName ?? Object.keys(args.input.RequestItems ?? {})[0] ?? '');
      bump(
        tally.calls,
        `handlers|DynamoDB|${operation} ${tableName.replace(`adt-hub-${hub.deployment}-`, '')}`,
      );
      if (DYNAMODB_DATA.has(operation)) args.input.ReturnConsumedCapacity ??= 'TOTAL';
      if (operation === 'BatchGetItem') {
        const requests = Object.values(args.input.RequestItems as Record<string, { Keys: { pk: string }[] }>);
        const holds = requests.flatMap((r) => r.Keys).filter((key) => key.pk === PK.ingestHolds).length;
        tally.batchGetsOnAws += Math.max(1, holds);
      }
      const result = await next(args);
      const consumed = result.output.ConsumedCapacity as
        | { CapacityUnits?: number }
        | { CapacityUnits?: number }[]
        | undefined;
      for (const c of Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed])
        bump(
          tally.capacity,
          `${operation} ${tableName.replace(`adt-hub-${hub.deployment}-`, '')}`,
          c.CapacityUnits ?? 0,
        );
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
}

function countSqs(stack: Stack, source: Source): void {
  stack.add(
    (next: Next, context: { commandName?: string }) => async (args: Args) => {
      const operation = operationOf(context.commandName);
      const role = queueRole(args.input.QueueUrl);
      if (operation === 'SendMessage')
        tally.sendBytes.push(Buffer.byteLength(String(args.input.MessageBody)));
      let result: Result;
      try {
        result = await next(args);
      } catch (error) {
        // A long poll cut short when the hub stops: not a request that would be billed.
        if (operation !== 'ReceiveMessage') bump(tally.calls, `${source}|SQS|${operation} → ${role}`);
        throw error;
      }
      if (operation === 'ReceiveMessage') {
        const n = (result.output.Messages as unknown[] | undefined)?.length ?? 0;
        bump(tally.calls, `${source}|SQS|ReceiveMessage ← ${role}${n === 0 ? ' (empty)' : ''}`);
        bump(tally.received, role, n);
      } else {
        bump(tally.calls, `${source}|SQS|${operation} → ${role}`);
        if (operation === 'DeleteMessageBatch')
          bump(tally.deleted, role, (args.input.Entries as unknown[] | undefined)?.length ?? 0);
      }
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
}

countDynamoDb(hub.handlerClients.dynamodb.middlewareStack as unknown as Stack);
countSqs(hub.handlerClients.sqs.middlewareStack as unknown as Stack, 'handlers');
countSqs(hub.sqs.middlewareStack as unknown as Stack, 'event source');

// A subscriber's own consumer of its queue, on a client of its own (counted apart: the queue's
// owner pays for these requests, and the hub owns the queue).
const subscriberSqs = new SQSClient({
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  endpoint: hub.emulators.sqsEndpoint,
  useQueueUrlAsEndpoint: false,
});
countSqs(subscriberSqs.middlewareStack as unknown as Stack, 'subscriber');

// --- Patients, rosters, subscribers ------------------------------------------------------------

const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const PER_PHASE = WARM_UP + MESSAGES;

type Patient = BenchPatient;

function patient(i: number): Patient {
  return benchPatient(i, 300_000);
}

const patients = Array.from({ length: 2 * PER_PHASE }, (_, i) => patient(i));
const rosterOf = (from: number, to: number): RosterEntry[] =>
  patients.slice(from, to).map((p, k) => ({
    personId: `p-req-${from + k}`,
    line: k + 2,
    family: p.family,
    given: [p.given],
    birthDate: `${p.birth.slice(0, 4)}-${p.birth.slice(4, 6)}-${p.birth.slice(6, 8)}`,
    localId: `RBN:${p.mrn}`,
  }));

function admission(i: number, trigger: 'A01' | 'A02'): string {
  return benchAdmission(patients[i] as Patient, i, new Date(Date.now() - 60_000), {
    controlId: `R${run}-${trigger}-${i}`,
    trigger,
  });
}

const table = hub.env[REGISTRY_TABLE.envVar] as string;
const directory = new DynamoDbSubscriberDirectory(hub.dynamodb, table);
const rosters = new DynamoDbRosterStore(hub.dynamodb, table);
const receivers: WebhookReceiver[] = [];
let webhookArrivals = 0;
let queueArrivals = 0;

async function addWebhookSubscriber(id: string, rosterFrom: number): Promise<void> {
  const receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  receiver.onReceive = () => {
    webhookArrivals++;
  };
  receivers.push(receiver);
  await directory.add({
    id,
    name: `Requests benchmark webhook ${id}`,
    events: DEFAULT_EVENTS,
    delivery: { kind: 'webhook', url: receiver.url, secret: receiver.secret },
  });
  await rosters.saveRoster(id, rosterOf(rosterFrom, patients.length));
}

let polling = true;
async function addQueueSubscriber(id: string, rosterFrom: number): Promise<void> {
  const { QueueUrl } = await hub.sqs.send(
    new CreateQueueCommand({
      QueueName: subscriberQueueName(hub.deployment, id),
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' },
    }),
  );
  subscriberQueueUrl = QueueUrl as string;
  await directory.add({
    id,
    name: `Requests benchmark queue ${id}`,
    events: DEFAULT_EVENTS,
    delivery: { kind: 'sqs', queueUrl: subscriberQueueUrl },
  });
  await rosters.saveRoster(id, rosterOf(rosterFrom, patients.length));
  void (async () => {
    while (polling) {
      const { Messages = [] } = await subscriberSqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: subscriberQueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        )
        .catch(() => ({ Messages: [] }));
      if (Messages.length === 0) continue;
      queueArrivals += Messages.length;
      await subscriberSqs
        .send(
          new DeleteMessageBatchCommand({
            QueueUrl: subscriberQueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        )
        .catch(() => undefined);
    }
  })();
}

// --- Sending -----------------------------------------------------------------------------------

let rejected = 0;
async function send(from: number, count: number, trigger: 'A01' | 'A02'): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const i = next++;
      const response = await fetch(`${hub.httpUrl}/v1/hl7`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.senderKey}`, 'content-type': 'x-application/hl7-v2+er7' },
        body: admission(i, trigger),
      });
      const ack = await response.text();
      if (!response.ok || !/\rMSA\|AA/.test(ack)) rejected++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Until every alert has arrived and every queue message been deleted (the counts then stand). */
async function settle(
  count: number,
  webhooks: number,
  queues: number,
  baseline: Baseline,
  warmUp = false,
): Promise<void> {
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  const done = () =>
    (warmUp && (tally.deleted.get('ingest queue') ?? 0) >= count) ||
    (webhookArrivals - baseline.webhooks >= count * webhooks &&
      queueArrivals - baseline.queues >= count * queues &&
      (tally.deleted.get('ingest queue') ?? 0) >= count &&
      // Whatever went to the webhook queue (retries) is finished too.
      (tally.deleted.get('webhook queue') ?? 0) >= (tally.received.get('webhook queue') ?? 0) &&
      (tally.deleted.get("subscriber's queue") ?? 0) >= count * queues);
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(
        `Not everything arrived within ${DELIVERY_WAIT_MS / 1000} s: ${webhookArrivals - baseline.webhooks} webhooks, ` +
          `${queueArrivals - baseline.queues} queue alerts for ${count} messages`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The deliverer's last UpdateItem runs after the webhook arrives: let the stragglers finish.
  await new Promise((resolve) => setTimeout(resolve, warmUp ? 2_000 : 500));
}

interface Baseline {
  webhooks: number;
  queues: number;
}

interface PhaseResult {
  name: string;
  tally: Tally;
  logBytes: number;
  logLines: number;
  seconds: number;
}

async function phase(
  name: string,
  offset: number,
  webhooks: number,
  queues: number,
  trigger: 'A01' | 'A02' = 'A01',
): Promise<PhaseResult> {
  await new Promise((resolve) => setTimeout(resolve, CACHE_MS));
  let baseline = { webhooks: webhookArrivals, queues: queueArrivals };
  tally = newTally();
  await send(offset, WARM_UP, trigger);
  // Relaxed: the first messages after a roster change may still be matched against the old
  // snapshot (concurrent batches use it while one reloads it), so not every alert need come.
  await settle(WARM_UP, webhooks, queues, baseline, true);
  baseline = { webhooks: webhookArrivals, queues: queueArrivals };
  tally = newTally();
  const logStart = { bytes: logBytes, lines: logLines };
  const started = Date.now();
  await send(offset + WARM_UP, MESSAGES, trigger);
  await settle(MESSAGES, webhooks, queues, baseline);
  return {
    name,
    tally,
    logBytes: logBytes - logStart.bytes,
    logLines: logLines - logStart.lines,
    seconds: (Date.now() - started) / 1000,
  };
}

// --- Report ------------------------------------------------------------------------------------

function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function report(result: PhaseResult): void {
  const { tally: t } = result;
  const per = (n: number) => n / MESSAGES;
  console.log(
    `\n## ${result.name}: ${MESSAGES} messages (after ${WARM_UP} to warm up), ${fmt(result.seconds, 1)} s`,
  );
  if (rejected > 0) console.log(`   (${rejected} POSTs not answered AA)`);
  console.log('');
  console.log(
    `| ${'source'.padEnd(12)} | service  | ${'operation'.padEnd(50)} | per message | capacity units/msg |`,
  );
  console.log(`|${'-'.repeat(14)}|----------|${'-'.repeat(52)}|-------------|--------------------|`);
  const rows = [...t.calls].sort(([a], [b]) => a.localeCompare(b));
  const totals = new Map<string, number>();
  for (const [key, n] of rows) {
    const [source = '', service = '', operation = ''] = key.split('|');
    const units = service === 'DynamoDB' ? fmt(per(t.capacity.get(operation) ?? 0)) : '';
    console.log(
      `| ${source.padEnd(12)} | ${service.padEnd(8)} | ${operation.padEnd(50)} | ${fmt(per(n)).padStart(11)} | ${units.padStart(18)} |`,
    );
    if (!operation.includes('(empty)')) bump(totals, `${source} ${service}`, per(n));
  }
  console.log('');
  for (const [key, n] of totals)
    console.log(`  ${key.padEnd(24)} ${fmt(n)} requests per message (empty receives left out)`);

  const batches = (role: string) => t.calls.get(`event source|SQS|ReceiveMessage ← ${role}`) ?? 0;
  const processBatches = batches('ingest queue');
  const deliverBatches = batches('webhook queue');
  const meanBatch = (role: string, b: number) => (b === 0 ? 0 : (t.received.get(role) ?? 0) / b);
  const sends = t.sendBytes.length === 0 ? 0 : Math.max(...t.sendBytes);
  console.log('');
  console.log('  Local event source mapping batches (what Lambda would invoke):');
  console.log(
    `    process: ${processBatches} batches, mean ${fmt(meanBatch('ingest queue', processBatches))} messages; ` +
      `deliver-webhook: ${deliverBatches} batches, mean ${fmt(meanBatch('webhook queue', deliverBatches))} messages`,
  );
  console.log(`    largest SendMessage body: ${sends} bytes (SQS bills each 64 KB chunk as one request)`);
  // Alerts that went to the webhook queue (first attempts that failed, and those behind them).
  const queued = per(t.received.get('webhook queue') ?? 0);
  const batchGets = [...t.calls].reduce((sum, [key, n]) => (key.includes('BatchGetItem') ? sum + n : sum), 0);
  const handlerCalls =
    [...totals].reduce((sum, [key, n]) => (key.startsWith('handlers') ? sum + n : sum), 0) +
    per(t.batchGetsOnAws - batchGets);
  const worst = { lambda: 2 + queued, events: 2 * (1 + queued) };
  const full = { lambda: 1.1 + queued / 10, events: 0.2 * (1 + queued) };
  console.log(
    `    BatchGetItem: ${fmt(per(batchGets))} a message locally, ${fmt(per(t.batchGetsOnAws))} on AWS ` +
      '(one record at a time per container: each message reads its person and hold alone)',
  );
  console.log('  Not SDK calls, per message:');
  console.log('    API Gateway HTTP API requests: 1.00');
  console.log(
    `    Lambda invocations, locally: ingest 1.00 + process ${fmt(per(processBatches))} + deliver ${fmt(per(deliverBatches))} = ${fmt(1 + per(processBatches) + per(deliverBatches))}`,
  );
  console.log(
    `    Lambda invocations on AWS: worst case (batches of 1) ${fmt(worst.lambda)}; full batches of 10: ${fmt(full.lambda)}`,
  );
  console.log(
    `    event source SQS requests on AWS (1 ReceiveMessage + 1 DeleteMessageBatch a batch): worst case ${fmt(worst.events)}, full batches ${fmt(full.events)}`,
  );
  const billable = (lambda: number, events: number) => 1 + lambda + handlerCalls + events;
  console.log(
    `  Billable AWS requests per message (API Gateway + Lambda + handlers' DynamoDB and SQS + event sources): ` +
      `worst case ${fmt(billable(worst.lambda, worst.events), 1)}, full batches ${fmt(billable(full.lambda, full.events), 1)}`,
  );
  console.log(
    `    handler log lines: ${fmt(result.logLines / MESSAGES)} a message, ${fmt(result.logBytes / MESSAGES, 0)} bytes ` +
      `(+ Lambda's START/END/REPORT lines, ~350 bytes an invocation, and the API access log line, ~300 bytes)`,
  );
  console.log(
    '    KMS: none counted locally (see docs/cost.md: data keys are cached, a few calls per key per 5 min)',
  );
}

console.log(
  'AWS requests per message, counted on the local hub (SDK calls by middleware on the shared clients;\n' +
    "the local event source mappings' calls on the hub's client; a subscriber's consumer on its own).\n" +
    "Empty receives are fauxqs waking every long-poller on each send and are not what Lambda's pollers\n" +
    'would bill per message; the registry and subscriber caches (5 s) make fractional reads.',
);

try {
  await addWebhookSubscriber('REQ-WEBHOOK-1', 0);
  const one = await phase('One webhook subscriber, patients new to the hub', 0, 1, 0);
  report(one);
  const returning = await phase(
    'One webhook subscriber, the same patients transferred (A02)',
    0,
    1,
    0,
    'A02',
  );
  report(returning);

  await addWebhookSubscriber('REQ-WEBHOOK-2', PER_PHASE);
  await addQueueSubscriber('REQ-QUEUE-3', PER_PHASE);
  const three = await phase('Three subscribers (two webhooks, one SQS queue)', PER_PHASE, 2, 1);
  report(three);
} finally {
  polling = false;
  await hub.stop();
  subscriberSqs.destroy();
  await Promise.all(receivers.map((receiver) => receiver.close()));
}
