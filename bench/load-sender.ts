// Load generator for the ingest benchmark (bench/ingest.bench.ts), run in a worker thread so that
// its CPU (building messages, fetch, latency bookkeeping) is not charged to the servers measured,
// which run on the main thread. Closed loop: each sender sends one message, waits for the answer,
// and sends the next. One worker per configuration: a warm-up window, then the measured window.
// Node built-ins and fetch only; the benchmark starts it through tsx's API (see startLoad there).

import { parentPort, workerData } from 'node:worker_threads';

/** A message split around its MSH-10, so that a new control id costs one concatenation. */
export interface Template {
  before: string;
  after: string;
}

/** What the benchmark passes as workerData. */
export interface LoadRequest {
  /** Which server: decides what counts as accepted (see judge). */
  target: 'floor' | 'hub';
  url: string;
  headers: Record<string, string>;
  templates: Template[];
  /** Control ids are `B<run>-<n>`, n counting up from firstMessage. */
  run: string;
  firstMessage: number;
  senders: number;
  warmUpMs: number;
  measureMs: number;
}

export interface LoadWindow {
  accepted: number;
  /** From the start of the window to the last answer in it. */
  seconds: number;
  /** Latency in ms of every answered request (accepted or not), sorted; the measured window only. */
  latencies: Float64Array;
  /** Outcomes other than accepted, and their counts. */
  other: [string, number][];
  /** Requests that got no answer at all. */
  failed: number;
}

/** What the worker posts back, once, when both windows are done. */
export interface LoadReport {
  warmUp: LoadWindow;
  measured: LoadWindow;
  /** Messages generated (sent) in both windows together. */
  generated: number;
}

/** An outcome label: `ok` for an accepted message, anything else is counted and printed. */
function judge(target: LoadRequest['target'], status: number, body: string): string {
  if (target === 'floor') return status === 200 ? 'ok' : `HTTP ${status}: ${body.slice(0, 120)}`;
  const msa = /(?:^|[\r\n])MSA\|([^|\r\n]*)/.exec(body);
  if (status === 200 && msa?.[1] === 'AA') return 'ok';
  return `HTTP ${status}, ${msa === null ? 'no MSA' : `MSA-1 ${msa[1]}`}: ${body.slice(0, 120).replace(/\r/g, '\\r')}`;
}

async function main(request: LoadRequest): Promise<LoadReport> {
  const { target, headers, templates, run } = request;
  const endpoint = `${request.url}/v1/hl7`;
  let sent = request.firstMessage;

  const nextMessage = (): string => {
    const n = sent++;
    const t = templates[n % templates.length] as Template;
    return `${t.before}B${run}-${n}${t.after}`;
  };

  const load = async (ms: number, keepLatencies: boolean): Promise<LoadWindow> => {
    const latencies: number[] = [];
    const other = new Map<string, number>();
    let accepted = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = start + ms;
    let last = start;
    const sender = async (): Promise<void> => {
      while (performance.now() < deadline) {
        const body = nextMessage();
        const sentAt = performance.now();
        let outcome: string;
        try {
          const response = await fetch(endpoint, { method: 'POST', headers, body });
          const text = await response.text();
          outcome = judge(target, response.status, text);
          const done = performance.now();
          if (keepLatencies) latencies.push(done - sentAt);
          if (done > last) last = done;
        } catch (error) {
          outcome = `request failed: ${error instanceof Error ? (error.cause ?? error).toString() : String(error)}`;
          failed++;
        }
        if (outcome === 'ok') accepted++;
        else other.set(outcome, (other.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: request.senders }, sender));
    return {
      accepted,
      seconds: (last - start) / 1000,
      latencies: Float64Array.from(latencies).sort(),
      other: [...other],
      failed,
    };
  };

  const warmUp = await load(request.warmUpMs, false);
  const measured = await load(request.measureMs, true);
  return { warmUp, measured, generated: sent - request.firstMessage };
}

if (parentPort === null) throw new Error('bench/load-sender.ts runs only as a worker thread');
const port = parentPort;
const report = await main(workerData as LoadRequest);
port.postMessage(report, [report.measured.latencies.buffer as ArrayBuffer]);
