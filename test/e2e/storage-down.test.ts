// Storage down: DynamoDB Local really stopped, then started again on the same data. The sender
// gets 503 with an AR, the resend is accepted, and nothing is lost or duplicated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { frame } from '../../functions/mllp/framing.ts';
import type { LocalHub } from '../../local/hub.ts';
import { admission, msaOf } from '../helpers/hl7.ts';
import {
  allStoredMessages,
  drainIngestQueue,
  ingestQueueDepth,
  postHl7,
  startTestHub,
} from '../helpers/local-hub.ts';
import { rawPeer } from '../helpers/mllp.ts';

let hub: LocalHub;
let dataDir: string;

beforeAll(async () => {
  // This file needs a DynamoDB Local of its own, to stop and start.
  dataDir = mkdtempSync(join(tmpdir(), 'adt-hub-storage-down-'));
  hub = await startTestHub('down', {
    consumeQueues: false,
    dataDir,
    emulators: undefined,
    sqsEndpoint: inject('emulators').sqsEndpoint,
  });
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('answers 503 with AR while DynamoDB is down, and accepts the resend once it is back', async () => {
  const before = await postHl7(hub, admission({ 10: 'UP0001' }));
  expect(before.status).toBe(200);

  await hub.stopDynamoDb();
  const whileDown = await postHl7(hub, admission({ 10: 'DOWN01' }));
  await hub.restartDynamoDb();
  const resent = await postHl7(hub, admission({ 10: 'DOWN01' }));

  expect(whileDown.status).toBe(503);
  expect(msaOf(whileDown.body).code).toBe('AR');
  expect(resent.status).toBe(200);
  expect(msaOf(resent.body).code).toBe('AA');

  const stored = await allStoredMessages(hub);
  expect(stored.map((item) => item.messageKey).sort()).toEqual(['RBN|DOWN01', 'RBN|UP0001']);
  expect(stored.every((item) => item.status === 'received')).toBe(true);
  expect(await ingestQueueDepth(hub)).toBe(2);
  // One patient, one FIFO group: in the order they were accepted.
  const queued = (await drainIngestQueue(hub)).map((body) => JSON.parse(body).messageKey);
  expect(queued).toEqual(['RBN|UP0001', 'RBN|DOWN01']);
});

it('answers AR over MLLP while DynamoDB is down, and accepts the resend', async () => {
  const peer = await rawPeer(hub.mllpPort);

  await hub.stopDynamoDb();
  peer.socket.write(frame(admission({ 10: 'MLLPDOWN' })));
  const [whileDown] = await peer.waitForAcks(1);
  await hub.restartDynamoDb();
  peer.socket.write(frame(admission({ 10: 'MLLPDOWN' })));
  const acks = await peer.waitForAcks(2);
  peer.socket.end();

  expect(msaOf(whileDown ?? '').code).toBe('AR');
  expect(msaOf(acks[1] ?? '')).toMatchObject({ code: 'AA', controlId: 'MLLPDOWN' });
  expect((await allStoredMessages(hub)).filter((item) => item.messageKey === 'RBN|MLLPDOWN')).toHaveLength(1);
});
