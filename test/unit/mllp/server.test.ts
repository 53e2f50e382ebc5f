// The MLLP listener on real loopback sockets (port 0), with an in-memory ingest: framing, order,
// limits, and who may connect.
import { readFileSync } from 'node:fs';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAck } from '../../../functions/core/hl7/ack.ts';
import { frame } from '../../../functions/mllp/framing.ts';
import { type MllpServer, type MllpServerOptions, startMllpServer } from '../../../functions/mllp/server.ts';
import type { IngestResult } from '../../../functions/use-cases/ingest.ts';
import { eventually } from '../../helpers/eventually.ts';
import { TLS_FIXTURES } from '../../helpers/fixtures.ts';
import { admission, msaOf } from '../../helpers/hl7.ts';
import { ackSummary, rawPeer } from '../../helpers/mllp.ts';

let server: MllpServer | undefined;
const ingested: string[] = [];

/** MSA-3, the ACK's reason. */
const msaReason = (ack: string) => msaOf(ack).reason;

afterEach(async () => {
  await server?.close();
  server = undefined;
  ingested.length = 0;
});

/** Accepts everything; the first message it sees takes a while, to show that order holds. */
async function start(overrides: Partial<MllpServerOptions> = {}): Promise<MllpServer> {
  let calls = 0;
  server = await startMllpServer({
    port: 0,
    host: '127.0.0.1',
    maxMessageBytes: 4096,
    idleTimeoutMs: 60_000,
    senders: [{ senderId: 'engine', facilities: ['*'], networks: ['127.0.0.0/8', '::1/128'] }],
    newControlId: () => 'ACK',
    log: () => undefined,
    ingest: async (body): Promise<IngestResult> => {
      if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      ingested.push(body.toString('latin1'));
      return {
        outcome: 'accepted',
        ackCode: 'AA',
        ack: buildAck(body, { code: 'AA', controlId: 'ACK', time: new Date() }),
      };
    },
    ...overrides,
  });
  return server;
}

describe('the MLLP listener', () => {
  it('answers several messages on one connection, in order, even when the first is slow', async () => {
    const { port } = await start();
    const peer = await rawPeer(port);

    // Three frames in one write (pipelined).
    peer.socket.write(Buffer.concat(['M1', 'M2', 'M3'].map((id) => frame(admission({ 10: id })))));
    const acks = await peer.waitForAcks(3);

    expect(acks.map(ackSummary)).toEqual(['AA M1', 'AA M2', 'AA M3']);
    peer.socket.end();
  });

  it('answers AR when the message cannot be stored, and the connection and the listener go on', async () => {
    const { port } = await start({
      ingest: async (body): Promise<IngestResult> => {
        if (body.toString('latin1').includes('|BAD|')) throw new Error('storage unreachable');
        return {
          outcome: 'accepted',
          ackCode: 'AA',
          ack: buildAck(body, { code: 'AA', controlId: 'ACK', time: new Date() }),
        };
      },
    });
    const peer = await rawPeer(port);

    peer.socket.write(Buffer.concat(['M1', 'BAD', 'M2'].map((id) => frame(admission({ 10: id })))));
    const acks = await peer.waitForAcks(3);

    expect(acks.map(ackSummary)).toEqual(['AA M1', 'AR BAD', 'AA M2']);
    expect(msaReason(acks[1] as string)).toBe('The hub could not store the message; send it again');
    const other = await rawPeer(port);
    other.socket.write(frame(admission({ 10: 'M3' })));
    expect((await other.waitForAcks(1)).map(ackSummary)).toEqual(['AA M3']);
    peer.socket.end();
    other.socket.end();
  });

  it('refuses a connection past its cap with an AR saying why, and closes it', async () => {
    const { port } = await start({ maxConnections: 1 });
    const first = await rawPeer(port);
    first.socket.write(frame(admission({ 10: 'M1' })));
    await first.waitForAcks(1);

    const second = await rawPeer(port);
    const [refused = ''] = await second.waitForAcks(1);
    await second.closed;

    expect(msaOf(refused).code).toBe('AR');
    expect(msaReason(refused)).toBe('The listener has too many connections; try again shortly');
    first.socket.end();
  });

  it('answers every message in order when a sender pipelines more than it queues', async () => {
    const { port } = await start({ maxQueuedMessages: 2 });
    const peer = await rawPeer(port);
    const ids = Array.from({ length: 12 }, (_, i) => `P${i}`);

    peer.socket.write(Buffer.concat(ids.map((id) => frame(admission({ 10: id })))));
    const acks = await peer.waitForAcks(ids.length);

    expect(acks.map(ackSummary)).toEqual(ids.map((id) => `AA ${id}`));
    peer.socket.end();
  });

  it('puts a frame split across many packets back together', async () => {
    const { port } = await start();
    const peer = await rawPeer(port);
    const bytes = frame(admission({ 10: 'SPLIT' }));

    for (const byte of bytes) {
      peer.socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [ack] = await peer.waitForAcks(1);

    expect(ackSummary(ack ?? '')).toBe('AA SPLIT');
    expect(ingested[0]).toBe(admission({ 10: 'SPLIT' }));
  });

  it('answers AR to an oversized message and to bytes outside a frame, and carries on', async () => {
    const { port } = await start();
    const peer = await rawPeer(port);

    peer.socket.write(frame(`${admission({ 10: 'BIG' })}\rNTE|1||${'x'.repeat(5000)}`));
    peer.socket.write('hello, is this HL7?\r\n');
    peer.socket.write(frame(admission({ 10: 'AFTER' })));
    const acks = await peer.waitForAcks(3);

    expect(acks.map((ack) => ackSummary(ack).split(' ')[0])).toEqual(['AR', 'AR', 'AA']);
    expect(acks[0]).toContain('larger than 4096 bytes');
    expect(acks[1]).toContain('outside an MLLP frame');
    expect(ackSummary(acks[2] ?? '')).toBe('AA AFTER');
  });

  it('survives a client that disconnects mid-frame', async () => {
    const { port } = await start();
    const quitter = await rawPeer(port);
    quitter.socket.end(frame(admission({ 10: 'HALF' })).subarray(0, 40));
    await quitter.closed;

    const next = await rawPeer(port);
    next.socket.write(frame(admission({ 10: 'NEXT' })));
    const [ack] = await next.waitForAcks(1);

    expect(ackSummary(ack ?? '')).toBe('AA NEXT');
    expect(ingested).toEqual([admission({ 10: 'NEXT' })]);
  });

  it('closes a connection from an unknown network without reading it, and logs where it came from', async () => {
    const logs: [string, Record<string, unknown>][] = [];
    const { port } = await start({
      senders: [{ senderId: 'elsewhere', facilities: ['*'], networks: ['10.0.0.0/8'] }],
      log: (event, details) => logs.push([event, details]),
    });
    const peer = await rawPeer(port);
    peer.socket.write(frame(admission({ 10: 'NOPE' })));
    await peer.closed;

    expect(peer.acks).toEqual([]);
    expect(ingested).toEqual([]);
    expect(logs).toEqual([['mllp connection refused', { reason: 'unknown source', source: '127.0.0.1' }]]);
  });

  it('closes a health check from the load balancer’s network quietly', async () => {
    const logs: string[] = [];
    const { port } = await start({
      senders: [{ senderId: 'elsewhere', facilities: ['*'], networks: ['10.0.0.0/8'] }],
      probeNetworks: ['127.0.0.0/8'],
      log: (event) => logs.push(event),
    });
    const peer = await rawPeer(port);
    await peer.closed;

    expect(logs).toEqual([]);
  });

  it('stops accepting connections while an open one goes on', async () => {
    const listener = await start();
    const open = await rawPeer(listener.port);
    listener.stopAccepting();

    await expect(rawPeer(listener.port)).rejects.toThrow(/ECONNREFUSED/);
    open.socket.write(frame(admission({ 10: 'LAST' })));
    expect((await open.waitForAcks(1)).map(ackSummary)).toEqual(['AA LAST']);
  });

  it('closes an idle connection', async () => {
    const { port } = await start({ idleTimeoutMs: 200 });
    const peer = await rawPeer(port);
    const started = Date.now();
    await peer.closed;

    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('the MLLP listener over TLS', () => {
  const pem = (name: string) => readFileSync(`${TLS_FIXTURES}${name}`);

  /** A TLS client trusting the test CA; with `client`, presenting the client certificate. */
  function tlsPeer(port: number, client = false): Promise<{ socket: TLSSocket; acks: string[] }> {
    const socket = connectTls({
      host: '127.0.0.1',
      port,
      ca: pem('ca.pem'),
      ...(client && { cert: pem('client.pem'), key: pem('client.key') }),
    });
    const acks: string[] = [];
    socket.on('data', (data: Buffer) => {
      // Each ACK here arrives in one packet: enough for these tests.
      acks.push(data.toString('latin1'));
    });
    return new Promise((resolve, reject) => {
      socket.once('secureConnect', () => resolve({ socket, acks }));
      socket.once('error', reject);
    });
  }

  /** A listener that requires a client certificate from the test CA and knows rbn-engine by it. */
  function startRequiringClientCertificates(): Promise<MllpServer> {
    return start({
      tls: {
        cert: pem('server.pem'),
        key: pem('server.key'),
        ca: pem('ca.pem'),
        requestClientCertificate: true,
      },
      senders: [{ senderId: 'rbn', facilities: ['*'], certificateCn: 'rbn-engine' }],
    });
  }

  async function firstAck(peer: { acks: string[] }): Promise<string> {
    const [ack] = await eventually('an ACK', () => (peer.acks.length > 0 ? peer.acks : undefined), {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    return (ack ?? '').replace(/^\x0b|\x1c\r$/g, '');
  }

  it('answers over TLS with the certificate and key it was given', async () => {
    const { port } = await start({ tls: { cert: pem('server.pem'), key: pem('server.key') } });
    const peer = await tlsPeer(port);
    peer.socket.write(frame(admission({ 10: 'TLS1' })));

    expect(ackSummary(await firstAck(peer))).toBe('AA TLS1');
    expect(peer.socket.getProtocol()).toMatch(/^TLSv1\.[23]$/);
    peer.socket.end();
  });

  it('knows a sender by the CN of its client certificate, from any network', async () => {
    const { port } = await startRequiringClientCertificates();
    const peer = await tlsPeer(port, true);
    peer.socket.write(frame(admission({ 10: 'CERT1' })));

    expect(ackSummary(await firstAck(peer))).toBe('AA CERT1');
    peer.socket.end();
  });

  it('refuses a client without a certificate when one is required, reading nothing', async () => {
    const { port } = await startRequiringClientCertificates();
    const refused = tlsPeer(port).then(async (peer) => {
      // TLS 1.3 reports the missing certificate after the handshake: the write fails instead.
      peer.socket.write(frame(admission({ 10: 'NOCERT' })));
      await new Promise((resolve, reject) => {
        peer.socket.once('close', resolve);
        peer.socket.once('error', reject);
      });
      return peer.acks;
    });

    await expect(refused.catch(() => 'refused')).resolves.toSatisfy(
      (outcome) => outcome === 'refused' || (Array.isArray(outcome) && outcome.length === 0),
    );
    expect(ingested).toEqual([]);
  });
});
