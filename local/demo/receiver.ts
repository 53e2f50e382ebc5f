// A webhook receiver on loopback that verifies every request with a Standard Webhooks library,
// as a subscriber's system would: the demo's GP practice, and the tests' receiver (which can
// script its answers to play a receiver that is down, slow or refusing).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  body: unknown;
  verified: boolean;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  secret: string;
  received: Received[];
  /** Answers for the next requests, in order (then 204). A number is a status; 'slow' hangs. */
  script: (number | 'slow')[];
  /** Called for each verified delivery. */
  onReceive?: (received: Received) => void;
  close(): Promise<void>;
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
  });
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const receiver: WebhookReceiver = {
    url: '',
    secret,
    received: [],
    script: [],
    close: async () => undefined,
  };
  const server = createServer(async (req, res) => {
    // Alerts are POSTed; anything else (an operator's HEAD, adt-hub doctor) is answered, not recorded.
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const text = await bodyOf(req);
    const answer = receiver.script.shift() ?? 204;
    if (answer === 'slow') return; // never answers: the hub's timeout must fire
    if (answer >= 200 && answer < 300) {
      let verified = false;
      try {
        verifier.verify(text, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const received = {
        id: String(req.headers['webhook-id']),
        body: JSON.parse(text),
        verified,
        at: Date.now(),
      };
      receiver.received.push(received);
      receiver.onReceive?.(received);
    }
    res.writeHead(answer).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
