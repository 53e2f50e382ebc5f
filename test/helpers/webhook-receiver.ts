// A webhook receiver on loopback that verifies every request with a Standard Webhooks library,
// as a subscriber's system would, and answers as a test tells it to.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  body: unknown;
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  secret: string;
  received: Received[];
  /** Answers for the next requests, in order (then 204). A number is a status; 'slow' hangs. */
  script: (number | 'slow')[];
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
      receiver.received.push({ id: String(req.headers['webhook-id']), body: JSON.parse(text), verified });
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
