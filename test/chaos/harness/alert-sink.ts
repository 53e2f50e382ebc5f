// Where the alerts go: the project's own loopback receiver (local/demo/receiver.ts), which verifies
// every Standard Webhooks signature, behind a small fault switch that can make the subscriber's
// end fail on demand: answer 503 and drop connections, refuse with a 4xx, or never answer. The
// switch records every request it saw (webhook-id, what it did), so a scenario can say which
// alert ids were refused and check that the same ids arrive later.
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Received, startWebhookReceiver, type WebhookReceiver } from '../../../local/demo/receiver.ts';

/**
 * - `ok`: passed to the receiver, which answers 204;
 * - `unavailable`: 503 and dropped connections, in turn (a receiver that is down);
 * - `refuse`: 410 Gone, a permanent 4xx (the hub dead-letters at once).
 */
export type SinkMode = 'ok' | 'unavailable' | 'refuse';

/**
 * Breaking the subscriber's end on purpose, to show that the harness sees a loss:
 * - `never-answer`: every request is held open and never answered, whatever the mode;
 * - `swallow-one`: the first request that would reach the receiver is answered 204 and dropped.
 */
export type Sabotage = 'never-answer' | 'swallow-one';

export interface SinkRequest {
  id: string;
  at: number;
  mode: SinkMode;
  /** What the subscriber's end did: a status, or `dropped` / `held`. */
  outcome: number | 'dropped' | 'held' | 'swallowed' | 'receiver-unreachable';
  /**
   * The hub had closed the request before the answer could be written (its timeout fired, or it
   * died): it counts the attempt as failed, and will send the alert again.
   */
  abandoned?: true;
}

export interface AlertSink {
  /** The URL to register as the subscriber's webhook. */
  url: string;
  secret: string;
  mode: SinkMode;
  /**
   * How long the subscriber's end takes to answer once it has the n-th alert (a receiver at
   * work); 0 by default.
   */
  latencyMs: (n: number) => number;
  /** What the receiver accepted and verified (2xx), in arrival order. */
  readonly arrivals: Received[];
  /** Every request the subscriber's end saw, whatever became of it. */
  readonly requests: SinkRequest[];
  close(): Promise<void>;
}

/** A Standard Webhooks secret: whsec_ + base64 of random bytes. */
export function webhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export async function startAlertSink(mode: SinkMode = 'ok', sabotage?: Sabotage): Promise<AlertSink> {
  const receiver: WebhookReceiver = await startWebhookReceiver(webhookSecret());
  const target = new URL(receiver.url);
  const held = new Set<Socket>();
  let turn = 0;
  let swallowed = false;
  let forwarded = 0;
  const sink: AlertSink = {
    url: '',
    secret: receiver.secret,
    mode,
    latencyMs: () => 0,
    arrivals: receiver.received,
    requests: [],
    close: async () => undefined,
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const at = Date.now();
      const mode = sink.mode;
      const record = (outcome: SinkRequest['outcome']) => {
        const entry: SinkRequest = { id, at, mode, outcome };
        sink.requests.push(entry);
        if (!res.writable || res.destroyed) entry.abandoned = true;
        else
          res.once('close', () => {
            if (!res.writableFinished) entry.abandoned = true;
          });
      };
      if (sabotage === 'never-answer') {
        record('held');
        held.add(req.socket);
        return;
      }
      if (sabotage === 'swallow-one' && mode === 'ok' && !swallowed) {
        swallowed = true;
        record('swallowed');
        res.writeHead(204).end();
        return;
      }
      switch (mode) {
        case 'unavailable':
          if (turn++ % 2 === 0) {
            record(503);
            res.writeHead(503, { connection: 'close' }).end('down for maintenance');
          } else {
            record('dropped');
            req.socket.destroy();
          }
          return;
        case 'refuse':
          record(410);
          res.writeHead(410).end('gone');
          return;
        case 'ok': {
          const body = Buffer.concat(chunks);
          const { 'transfer-encoding': _chunked, ...headers } = req.headers;
          const forward = request(
            {
              host: target.hostname,
              port: target.port,
              path: target.pathname,
              method: 'POST',
              headers: { ...headers, host: target.host, 'content-length': String(body.length) },
            },
            (answer) => {
              answer.resume();
              answer.on('end', () => {
                const reply = () => {
                  record(answer.statusCode ?? 0);
                  res.writeHead(answer.statusCode ?? 502).end();
                };
                const latency = sink.latencyMs(forwarded++);
                if (latency > 0) setTimeout(reply, latency);
                else reply();
              });
            },
          );
          forward.on('error', () => {
            record('receiver-unreachable');
            res.writeHead(502).end();
          });
          forward.end(body);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  sink.close = async () => {
    for (const socket of held) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await receiver.close();
  };
  return sink;
}
