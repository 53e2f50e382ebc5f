// Load generator for the end-to-end benchmark (bench/e2e.bench.ts), run in a worker thread so that
// its CPU (building messages, fetch) is not charged to the hub, which runs on the main thread.
// Open loop: message i is due at start + i / rate whether or not earlier ones have been answered,
// so that a slow hub builds a queue and the latency measured includes the wait in it. Times are
// process.hrtime (one monotonic clock for every thread), so that the main thread can subtract
// a POST's start here from the webhook's arrival there. Node built-ins and fetch only; the
// benchmark starts it through tsx's API.

import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';

/** A message split around its MSH-10, so that a new control id costs one concatenation. */
export interface Template {
  before: string;
  after: string;
}

/** What the benchmark passes as workerData. */
export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  /** One per patient: message n goes to patient n mod templates.length. */
  templates: Template[];
  /** Control ids are `E<run>-<n>`, n counting up from firstMessage. */
  run: string;
  firstMessage: number;
  /** Messages a second. */
  rate: number;
  warmUpMs: number;
  measureMs: number;
}

/** What the worker posts back, once every request has been answered (or has failed). */
export interface SendReport {
  /** Messages sent: n runs from firstMessage to firstMessage + count - 1. */
  count: number;
  /** The first `warmUp` of them were the warm-up. */
  warmUp: number;
  /** When the measured window starts and ends (ms, monotonic clock): when its first is due, and its last + 1. */
  measureStart: number;
  measureEnd: number;
  /** When each POST started (ms, monotonic clock), by n - firstMessage. */
  startedAt: Float64Array;
  /** 1 when the hub accepted the message (HTTP 200 with MSA-1 AA), else 0. */
  accepted: Uint8Array;
  /** Time to the HTTP answer (ms) of every measured message that was answered, sorted. */
  ackLatencies: Float64Array;
  /** Outcomes other than accepted, and their counts. */
  other: [string, number][];
  /** How late the worker started a POST (ms), at worst: the load generator falling behind. */
  maxLagMs: number;
}

/** Milliseconds on the process-wide monotonic clock (the same in every thread). */
export function clock(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function judge(status: number, body: string): string {
  const msa = /(?:^|[\r\n])MSA\|([^|\r\n]*)/.exec(body);
  if (status === 200 && msa?.[1] === 'AA') return 'ok';
  return `HTTP ${status}, ${msa === null ? 'no MSA' : `MSA-1 ${msa[1]}`}: ${body.slice(0, 120).replace(/\r/g, '\\r')}`;
}

async function main(request: SendRequest): Promise<SendReport> {
  const { headers, templates, run, rate } = request;
  const endpoint = `${request.url}/v1/hl7`;
  const warmUp = Math.round((rate * request.warmUpMs) / 1000);
  const count = warmUp + Math.round((rate * request.measureMs) / 1000);
  const interval = 1000 / rate;
  const startedAt = new Float64Array(count);
  const accepted = new Uint8Array(count);
  const ackLatencies: number[] = [];
  const other = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let maxLagMs = 0;

  const send = (i: number): void => {
    const n = request.firstMessage + i;
    const t = templates[n % templates.length] as Template;
    const body = `${t.before}E${run}-${n}${t.after}`;
    const sentAt = clock();
    startedAt[i] = sentAt;
    const done = fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) })
      .then(async (response) => {
        const outcome = judge(response.status, await response.text());
        if (i >= warmUp) ackLatencies.push(clock() - sentAt);
        if (outcome === 'ok') accepted[i] = 1;
        else other.set(outcome, (other.get(outcome) ?? 0) + 1);
      })
      .catch((error: unknown) => {
        const outcome = `request failed: ${error instanceof Error ? String(error.cause ?? error) : String(error)}`;
        other.set(outcome, (other.get(outcome) ?? 0) + 1);
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const start = clock() + 20;
  for (let i = 0; i < count; ) {
    const now = clock();
    const due = start + i * interval;
    if (due > now) {
      // Timers are good to about a millisecond: wake a little early, then send what is due.
      await sleep(Math.max(0, due - now - 1));
      continue;
    }
    // Everything due by now (more than one when the timer or the event loop was late).
    while (i < count && start + i * interval <= now) {
      maxLagMs = Math.max(maxLagMs, now - (start + i * interval));
      send(i++);
    }
  }
  while (inFlight.size > 0) await Promise.all(inFlight);
  return {
    count,
    warmUp,
    measureStart: start + warmUp * interval,
    measureEnd: start + count * interval,
    startedAt,
    accepted,
    ackLatencies: Float64Array.from(ackLatencies).sort(),
    other: [...other],
    maxLagMs,
  };
}

if (parentPort === null) throw new Error('bench/e2e-sender.ts runs only as a worker thread');
const port = parentPort;
const report = await main(workerData as SendRequest);
port.postMessage(report, [
  report.startedAt.buffer as ArrayBuffer,
  report.accepted.buffer as ArrayBuffer,
  report.ackLatencies.buffer as ArrayBuffer,
]);
