// The webhook SSRF guard and the poster, on a real HTTP server on loopback: what the hub refuses
// to call, before the request and at the moment it connects (DNS rebinding).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urlGuard, webhookPoster } from '../../../functions/adapters/http/webhook-http.ts';
import { attemptWebhook } from '../../../functions/use-cases/webhook-attempt.ts';

let server: Server;
let port: number;
let received: { headers: IncomingMessage['headers']; body: string }[];
let answer: { status: number; headers?: Record<string, string>; delayMs?: number };

beforeEach(async () => {
  received = [];
  answer = { status: 204 };
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => {
        response.writeHead(answer.status, answer.headers);
        response.end('ignored body');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('urlGuard', () => {
  const onAws = urlGuard({ allowLoopback: false });

  it.each([
    ['http://gp.example.org/alerts', 'Webhooks are sent over HTTPS only'],
    ['https://10.1.2.3/alerts', 'The webhook host resolves to a private, loopback or link-local address'],
    [
      'https://169.254.169.254/latest/meta-data',
      'The webhook host resolves to a private, loopback or link-local address',
    ],
    ['https://[::1]/alerts', 'The webhook host resolves to a private, loopback or link-local address'],
    ['https://[fd00::1]/alerts', 'The webhook host resolves to a private, loopback or link-local address'],
    ['https://localhost/alerts', 'The webhook host resolves to a private, loopback or link-local address'],
    ['not a url', 'The webhook URL is not a URL'],
  ])('refuses %s on AWS', async (url, reason) => {
    expect(await onAws.refuse(url)).toBe(reason);
  });

  it('allows a public address, and loopback only on the local hub', async () => {
    expect(await onAws.refuse('https://93.184.215.14/alerts')).toBeUndefined();
    expect(await urlGuard({ allowLoopback: true }).refuse(`http://127.0.0.1:${port}/`)).toBeUndefined();
  });
});

describe('webhookPoster', () => {
  it('POSTs the body and headers and reads the status and Retry-After', async () => {
    answer = { status: 429, headers: { 'retry-after': '7' } };
    const result = await webhookPoster({ allowLoopback: true }).post(
      `http://localhost:${port}/alerts`,
      '{"id":"a"}',
      { 'content-type': 'application/json', 'webhook-id': 'a' },
      2_000,
    );

    expect(result).toEqual({ status: 429, retryAfter: '7' });
    expect(received).toEqual([
      { headers: expect.objectContaining({ 'webhook-id': 'a', 'content-length': '10' }), body: '{"id":"a"}' },
    ]);
  });

  it('does not follow a redirect', async () => {
    answer = { status: 302, headers: { location: 'http://169.254.169.254/' } };
    const result = await webhookPoster({ allowLoopback: true }).post(
      `http://localhost:${port}/`,
      '{}',
      {},
      2_000,
    );

    expect(result.status).toBe(302);
    expect(received).toHaveLength(1);
  });

  it('gives up after its timeout, as a TimeoutError', async () => {
    answer = { status: 200, delayMs: 1_000 };
    const posting = webhookPoster({ allowLoopback: true }).post(`http://localhost:${port}/`, '{}', {}, 100);

    await expect(posting).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('will not connect where a name resolves to a private address, whatever the guard said before', async () => {
    // As on AWS: `localhost` resolves to loopback at connect time, as a rebound name would.
    const posting = webhookPoster({ allowLoopback: false }).post(
      `http://localhost:${port}/`,
      '{}',
      {},
      2_000,
    );

    await expect(posting).rejects.toMatchObject({ code: 'EADDRNOTALLOWED' });
    expect(received).toEqual([]);
  });

  it('makes that a refusal the deliverer does not retry', async () => {
    const outcome = await attemptWebhook(
      'alert-1',
      '{}',
      {
        kind: 'webhook',
        url: `http://localhost:${port}/`,
        secret: `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`,
      },
      {
        http: webhookPoster({ allowLoopback: false }),
        guard: { refuse: async () => undefined }, // a guard fooled by a rebound name
        clock: { now: () => new Date() },
      },
      2_000,
    );

    expect(outcome).toMatchObject({ result: 'failed', retryable: false });
    expect(received).toEqual([]);
  });
});
