// Load generator for the MLLP benchmark (bench/mllp.bench.ts), run in a worker thread so that its
// CPU (building and framing messages, reading ACKs, latency bookkeeping) is not charged to the
// servers measured, which run on the main thread. MLLP allows one outstanding message per
// connection, so N messages in flight means N connections, each a closed loop: send one framed
// message, wait for its ACK frame, send the next. The connections stay open from the warm-up
// through the measured window, as an interface engine's would. Node built-ins only; the benchmark
// starts it through tsx's API (see runLoad there).

import { connect, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { frame, MllpDecoder } from '../functions/mllp/framing.ts';
import type { Template } from './load-sender.ts';

/** What the benchmark passes as workerData. */
export interface MllpLoadRequest {
  host: string;
  port: number;
  templates: Template[];
  /** Control ids are `M<run>-<n>`, n counting up from firstMessage. */
  run: string;
  firstMessage: number;
  /** Connections, one message in flight on each. */
  connections: number;
  warmUpMs: number;
  measureMs: number;
}

export interface MllpLoadWindow {
  /** ACKs with MSA-1 AA. */
  accepted: number;
  /** From the start of the window to the last ACK in it. */
  seconds: number;
  /** Latency in ms (frame written to ACK frame read) of every ACK, sorted; the measured window only. */
  latencies: Float64Array;
  /** Outcomes other than accepted, and their counts. */
  other: [string, number][];
  /** Messages that got no ACK at all (the connection failed or the ACK did not come in time). */
  failed: number;
}

/** What the worker posts back, once, when both windows are done. */
export interface MllpLoadReport {
  warmUp: MllpLoadWindow;
  measured: MllpLoadWindow;
  /** Messages generated (sent) in both windows together. */
  generated: number;
  /** This worker's event-loop utilisation (0–1) in the measured window: near 1, the load is the limit. */
  loadUtilization: number;
}

/** Posted once, just before the measured window starts, so that the server side can time it too. */
export interface MllpMeasuring {
  phase: 'measuring';
}

/** An ACK that has not come after this long counts as failed, and its connection is given up. */
const ACK_TIMEOUT_MS = 30_000;
const MAX_ACK_BYTES = 1024 * 1024;

/** An outcome label: `ok` for MSA-1 AA, anything else is counted and printed. */
function judge(ack: Buffer): string {
  const text = ack.toString('latin1');
  const msa = /(?:^|[\r\n])MSA\|([^|\r\n]*)/.exec(text);
  if (msa?.[1] === 'AA') return 'ok';
  return `${msa === null ? 'no MSA' : `MSA-1 ${msa[1]}`}: ${text.slice(0, 120).replace(/\r/g, '\\r')}`;
}

/** One MLLP connection: send a frame, get the next ACK frame back. */
class Connection {
  private readonly decoder = new MllpDecoder(MAX_ACK_BYTES);
  private waiting: { resolve(ack: Buffer): void; reject(error: Error): void } | undefined;
  private readonly early: Buffer[] = [];
  private broken: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      for (const item of this.decoder.push(data)) {
        const ack = item.kind === 'frame' ? item.bytes : Buffer.from(`framing fault: ${item.kind}`);
        const waiting = this.waiting;
        this.waiting = undefined;
        if (waiting === undefined) this.early.push(ack);
        else waiting.resolve(ack);
      }
    });
    const fail = (error: Error): void => {
      this.broken ??= error;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
    });
  }

  /** Writes one framed message and resolves with the ACK frame's body. */
  send(framed: Buffer): Promise<Buffer> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const ack = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        this.broken = new Error(`no ACK within ${ACK_TIMEOUT_MS / 1000} s`);
        reject(this.broken);
        this.socket.destroy();
      }, ACK_TIMEOUT_MS);
      this.waiting = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    // An ACK before its message would be a server fault; take it as this message's answer.
    const early = this.early.shift();
    if (early !== undefined) this.waiting?.resolve(early);
    this.socket.write(framed);
    return ack;
  }

  get usable(): boolean {
    return this.broken === undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}

async function main(request: MllpLoadRequest, measuring: () => void): Promise<MllpLoadReport> {
  const { templates, run } = request;
  let sent = request.firstMessage;

  const nextMessage = (): Buffer => {
    const n = sent++;
    const t = templates[n % templates.length] as Template;
    return frame(`${t.before}M${run}-${n}${t.after}`);
  };

  const connections = await Promise.all(
    Array.from({ length: request.connections }, () => Connection.open(request.host, request.port)),
  );

  const load = async (ms: number, keepLatencies: boolean): Promise<MllpLoadWindow> => {
    const latencies: number[] = [];
    const other = new Map<string, number>();
    let accepted = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = start + ms;
    let last = start;
    const loop = async (connection: Connection): Promise<void> => {
      while (connection.usable && performance.now() < deadline) {
        const framed = nextMessage();
        const sentAt = performance.now();
        let outcome: string;
        try {
          const ack = await connection.send(framed);
          const done = performance.now();
          if (keepLatencies) latencies.push(done - sentAt);
          if (done > last) last = done;
          outcome = judge(ack);
        } catch (error) {
          outcome = `no ACK: ${error instanceof Error ? error.message : String(error)}`;
          failed++;
        }
        if (outcome === 'ok') accepted++;
        else other.set(outcome, (other.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(connections.map(loop));
    return {
      accepted,
      seconds: (last - start) / 1000,
      latencies: Float64Array.from(latencies).sort(),
      other: [...other],
      failed,
    };
  };

  const warmUp = await load(request.warmUpMs, false);
  measuring();
  const before = performance.eventLoopUtilization();
  const measured = await load(request.measureMs, true);
  const loadUtilization = performance.eventLoopUtilization(before).utilization;
  await Promise.all(connections.map((connection) => connection.close()));
  return { warmUp, measured, generated: sent - request.firstMessage, loadUtilization };
}

if (parentPort === null) throw new Error('bench/mllp-sender.ts runs only as a worker thread');
const port = parentPort;
const report = await main(workerData as MllpLoadRequest, () =>
  port.postMessage({ phase: 'measuring' } satisfies MllpMeasuring),
);
port.postMessage(report, [report.measured.latencies.buffer as ArrayBuffer]);
