// MLLP end to end on the local hub: a third-party client (node-hl7-client) sending a feed and
// reading every ACK, a Windows-1252 message, and `adt-hub send --mllp`.
import { Client, Message } from 'node-hl7-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { frame } from '../../functions/mllp/framing.ts';
import type { LocalHub } from '../../local/hub.ts';
import { adtHub } from '../helpers/cli.ts';
import { HL7_FIXTURES, readFixture, TLS_FIXTURES } from '../helpers/fixtures.ts';
import { admission } from '../helpers/hl7.ts';
import { startTestHub, storedMessage } from '../helpers/local-hub.ts';
import { ackSummary, rawPeer } from '../helpers/mllp.ts';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startTestHub('mllp', { consumeQueues: false });
});

afterAll(async () => {
  await hub?.stop();
});

it('answers node-hl7-client with an AA for each message of a feed, in order', async () => {
  const client = new Client({ host: '127.0.0.1' });
  const acks: string[] = [];
  let next: (() => void) | undefined;
  const connection = client.createConnection({ port: hub.mllpPort }, async (response) => {
    const message = response.getMessage();
    acks.push(`${message.get('MSA.1').toString()} ${message.get('MSA.2').toString()}`);
    next?.();
  });
  const ids = Array.from({ length: 10 }, (_, i) => `NHC${String(i).padStart(3, '0')}`);
  // node-hl7-client wants the next message sent from the ACK callback, one at a time.
  for (const id of ids) {
    const arrived = new Promise<void>((resolve) => {
      next = resolve;
    });
    await connection.sendMessage(new Message({ text: admission({ 10: id }) }));
    await arrived;
  }
  await connection.close();

  expect(acks).toEqual(ids.map((id) => `AA ${id}`));
  expect((await storedMessage(hub, 'RBN|NHC009'))?.status).toBe('received');
});

it('decodes a Windows-1252 message', async () => {
  const peer = await rawPeer(hub.mllpPort);
  peer.socket.write(frame(readFixture('windows-1252-undeclared.hl7')));
  const [ack] = await peer.waitForAcks(1);
  peer.socket.end();

  expect(ackSummary(ack ?? '')).toBe('AA WIN00001');
  expect(JSON.parse((await storedMessage(hub, 'RBN|WIN00001'))?.eventJson).patient.name.family).toBe(
    'O’Brien',
  );
});

it('sends files over MLLP with adt-hub send --mllp', async () => {
  const { code, stdout } = await adtHub([
    'send',
    '--mllp',
    '--url',
    `mllp://127.0.0.1:${hub.mllpPort}`,
    `${HL7_FIXTURES}mllp-frames.hl7`,
    `${HL7_FIXTURES}bad-no-control-id.hl7`,
  ]);

  expect(code).toBe(1);
  expect(stdout.trim().split('\n')).toEqual([
    'MLP00001  AA',
    'MLP00002  AA',
    '-  AR  MSH-10 (message control id) is empty',
  ]);
});

it('takes MLLP over TLS from certificate and key files, and adt-hub send speaks it (mllps://)', async () => {
  const tlsHub = await startTestHub('mllptls', {
    consumeQueues: false,
    mllpTls: { certPath: `${TLS_FIXTURES}server.pem`, keyPath: `${TLS_FIXTURES}server.key` },
  });
  try {
    const url = `mllps://127.0.0.1:${tlsHub.mllpPort}`;
    const file = `${HL7_FIXTURES}a01-admission.hl7`;
    const trusted = await adtHub(['send', '--mllp', '--url', url, '--tls-ca', `${TLS_FIXTURES}ca.pem`, file]);
    const untrusted = await adtHub(['send', '--mllp', '--url', url, file]);
    const plain = await adtHub(['send', '--mllp', '--url', `mllp://127.0.0.1:${tlsHub.mllpPort}`, file]);

    expect(tlsHub.mllpTls).toBe(true);
    expect(trusted).toMatchObject({ code: 0, stdout: 'MSG00001  AA\n' });
    // The server's certificate is checked: the test CA is not one the system trusts.
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/cannot reach mllps:\/\/127\.0\.0\.1:\d+: .*certificate/i);
    // Plain MLLP to a TLS listener gets no ACK: the connection is closed.
    expect(plain.code).toBe(1);
  } finally {
    await tlsHub.stop();
  }
});
