// The ingest use case on in-memory fakes: what is stored, queued and quarantined, and the ACK.
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryIngestQueue, InMemoryMessageStore } from '../../../functions/adapters/memory/messages.ts';
import { InMemorySenderDirectory } from '../../../functions/adapters/memory/senders.ts';
import { type IngestDependencies, ingest, patientGroupId } from '../../../functions/use-cases/ingest.ts';
import type { Sender } from '../../../functions/use-cases/ports/index.ts';
import { authenticate, hashSenderKey } from '../../../functions/use-cases/senders.ts';
import { eventOf, readFixture } from '../../helpers/fixtures.ts';
import { admission, msaOf } from '../../helpers/hl7.ts';

const anyFacility: Sender = { senderId: 'demo', facilities: ['*'] };
let store: InMemoryMessageStore;
let queue: InMemoryIngestQueue;
let deps: IngestDependencies;
let nextId: number;

beforeEach(() => {
  store = new InMemoryMessageStore();
  queue = new InMemoryIngestQueue();
  nextId = 0;
  deps = {
    store,
    queue,
    clock: { now: () => new Date('2026-11-20T10:15:30Z') },
    ids: { ackControlId: () => `ACK${++nextId}` },
    retentionDays: 30,
  };
});

describe('ingest', () => {
  it('stores, queues and answers AA', async () => {
    const body = readFixture('a01-admission.hl7');

    const result = await ingest(body, anyFacility, deps);

    expect(result).toMatchObject({
      outcome: 'accepted',
      ackCode: 'AA',
      controlId: 'MSG00001',
      sendingFacility: 'RBN',
    });
    expect(msaOf(result.ack)).toEqual({ code: 'AA', controlId: 'MSG00001', reason: undefined });
    const stored = store.messages.get('RBN|MSG00001');
    expect(stored?.status).toBe('received');
    expect(stored?.ack).toBe(result.ack);
    expect(JSON.parse(stored?.eventJson ?? '{}')).toEqual(eventOf('a01-admission.hl7'));
    expect(Buffer.from(gunzipSync(stored?.rawGzip ?? new Uint8Array())).equals(body)).toBe(true);
    expect(stored?.expiresAt).toBe(Date.parse('2026-11-20T10:15:30Z') / 1000 + 30 * 86400);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]?.message).toEqual({
      messageKey: 'RBN|MSG00001',
      receivedAt: '2026-11-20T10:15:30.000Z',
      senderId: 'demo',
      event: eventOf('a01-admission.hl7'),
    });
  });

  it('answers a resend with the first ACK and does not queue it twice', async () => {
    const first = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);
    const again = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);

    expect(again.outcome).toBe('duplicate');
    expect(again.ack).toBe(first.ack);
    expect(queue.sent).toHaveLength(1);
    expect(store.messages.size).toBe(1);
  });

  it('answers AE for a message that is understood but invalid, and quarantines it', async () => {
    const result = await ingest(readFixture('bad-missing-pid.hl7'), anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AE', errorCode: 'MISSING_SEGMENT' });
    expect(msaOf(result.ack)).toMatchObject({ code: 'AE', controlId: 'BAD00005' });
    expect(store.refused).toHaveLength(1);
    expect(store.refused[0]).toMatchObject({
      quarantineId: 'ACK1',
      ackCode: 'AE',
      error: { code: 'MISSING_SEGMENT', segment: 'PID', field: 'PID-1' },
    });
    expect(queue.sent).toHaveLength(0);
    expect(store.messages.size).toBe(0);
  });

  it('answers AR for bytes that are not HL7, and keeps them', async () => {
    const body = readFixture('bad-not-hl7.hl7');

    const result = await ingest(body, anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AR', errorCode: 'NOT_HL7' });
    expect(msaOf(result.ack).code).toBe('AR');
    expect(Buffer.from(gunzipSync(store.refused[0]?.rawGzip ?? new Uint8Array())).equals(body)).toBe(true);
  });

  it('refuses a facility the sender key may not send for', async () => {
    const result = await ingest(
      readFixture('a01-admission.hl7'),
      { senderId: 'other', facilities: ['RXX'] },
      deps,
    );

    expect(result).toMatchObject({
      outcome: 'rejected',
      ackCode: 'AR',
      errorCode: 'UNKNOWN_SENDING_FACILITY',
    });
    expect(queue.sent).toHaveLength(0);
  });

  it('refuses two messages in one request', async () => {
    const result = await ingest(readFixture('mllp-frames.hl7'), anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AR', errorCode: 'MULTIPLE_MESSAGES' });
    expect(queue.sent).toHaveLength(0);
  });

  it('answers AR and writes nothing when the store is down', async () => {
    store.down = true;

    const result = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'unavailable', ackCode: 'AR' });
    expect(msaOf(result.ack)).toMatchObject({ code: 'AR', controlId: 'MSG00001' });
    expect(queue.sent).toHaveLength(0);
  });

  it('takes the claim back when the queue is down, and accepts the resend', async () => {
    queue.down = true;
    const failed = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);
    queue.down = false;
    const resent = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);

    expect(failed.outcome).toBe('unavailable');
    expect(resent.outcome).toBe('accepted');
    expect(queue.sent).toHaveLength(1);
    expect(store.messages.get('RBN|MSG00001')?.status).toBe('received');
  });

  it('queues a resend again when the first attempt may have failed half-way', async () => {
    await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);
    // As if the first SendMessage had been lost: the store has the message, the queue does not.
    queue.sent.length = 0;

    const resent = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);

    expect(resent.outcome).toBe('duplicate');
    expect(resent.ack).toBe(store.messages.get('RBN|MSG00001')?.ack);
    expect(queue.sent).toHaveLength(1);
  });

  it('does not queue a resend of a message already processed', async () => {
    const first = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);
    const stored = store.messages.get('RBN|MSG00001');
    if (stored) stored.status = 'processed';
    queue.sent.length = 0;

    const resent = await ingest(readFixture('a01-admission.hl7'), anyFacility, deps);

    expect(resent).toMatchObject({ outcome: 'duplicate', ack: first.ack });
    expect(queue.sent).toHaveLength(0);
  });
});

describe('FIFO groups', () => {
  it('puts one patient in one group, whatever else changes, and other patients elsewhere', async () => {
    const a = eventOf('a01-admission.hl7');
    const b = eventOf('a03-discharge-home.hl7');
    const other = eventOf('a04-emergency-attendance.hl7');

    expect(patientGroupId(a)).toBe(patientGroupId(b));
    expect(patientGroupId(a)).not.toBe(patientGroupId(other));
    expect(patientGroupId(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('groups by the hospital number, not the NHS number that may arrive later', async () => {
    const withNhs = await ingest(Buffer.from(admission({ 10: 'X1' })), anyFacility, deps);
    const withoutNhs = await ingest(
      Buffer.from(admission({ 10: 'X2' }).replace('9449305552^^^NHS^NH~', '')),
      anyFacility,
      deps,
    );

    expect(withNhs.outcome).toBe('accepted');
    expect(withoutNhs.outcome).toBe('accepted');
    expect(queue.sent[0]?.groupId).toBe(queue.sent[1]?.groupId);
  });
});

describe('authenticate', () => {
  const senders = new InMemorySenderDirectory();
  beforeEach(async () => {
    await senders.register({ ...anyFacility, keyHash: hashSenderKey('s3cret') });
  });

  it('finds the sender of a bearer key', async () => {
    expect(await authenticate('Bearer s3cret', senders)).toEqual(anyFacility);
    expect(await authenticate('bearer   s3cret ', senders)).toEqual(anyFacility);
  });

  it.each([undefined, '', 'Bearer', 'Bearer wrong', 'Basic s3cret', 's3cret'])(
    'refuses %j',
    async (header) => {
      expect(await authenticate(header, senders)).toBeUndefined();
    },
  );
});

describe('MSH-10 reused (ARCHITECTURE §4.3)', () => {
  const other = (controlId: string, time = '20261120101500') =>
    admission({ 7: time, 10: controlId })
      .replace('Testperson^Alex', 'Otherperson^Sam')
      .replace('9449305552', '9434765919');

  it('takes a resend that differs only in MSH-7 and its line endings as the same message', async () => {
    const first = await ingest(Buffer.from(admission({ 10: 'R1' })), anyFacility, deps);
    const resent = await ingest(
      Buffer.from(`${admission({ 7: '20261120111111', 10: 'R1' }).replace(/\r/g, '\r\n')}\r\n`),
      anyFacility,
      deps,
    );

    expect(resent).toMatchObject({ outcome: 'duplicate', ackCode: 'AA' });
    expect(resent.ack).toBe(first.ack);
    expect(queue.sent).toHaveLength(1);
  });

  it('accepts and queues a different message that reuses an MSH-10, and says so', async () => {
    await ingest(Buffer.from(admission({ 10: 'R1' })), anyFacility, deps);

    const reused = await ingest(Buffer.from(other('R1')), anyFacility, deps);

    expect(reused).toMatchObject({
      outcome: 'accepted',
      ackCode: 'AA',
      controlId: 'R1',
      reusedControlId: true,
    });
    expect(queue.sent.map((s) => s.message.messageKey)).toEqual([
      'RBN|R1',
      expect.stringMatching(/^RBN\|R1#[0-9a-f]{16}$/),
    ]);
    expect(queue.sent[1]?.message.event.patient?.nhsNumber).toBe('9434765919');
    expect(queue.sent[0]?.deduplicationId).not.toBe(queue.sent[1]?.deduplicationId);
  });

  it('answers a resend of the reusing message with its own first ACK', async () => {
    await ingest(Buffer.from(admission({ 10: 'R1' })), anyFacility, deps);
    const reused = await ingest(Buffer.from(other('R1')), anyFacility, deps);

    const again = await ingest(Buffer.from(other('R1', '20261120235959')), anyFacility, deps);

    expect(again).toMatchObject({ outcome: 'duplicate', reusedControlId: true });
    expect(again.ack).toBe(reused.ack);
    expect(queue.sent).toHaveLength(2);
  });
});

describe('messages the stores can never hold', () => {
  it('answers AR, not 503, to an MSH-10 too long to be a key, and quarantines it with a clipped id', async () => {
    const result = await ingest(Buffer.from(admission({ 10: 'X'.repeat(3000) })), anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AR', errorCode: 'CONTROL_ID_TOO_LONG' });
    expect(store.messages.size).toBe(0);
    expect(store.refused[0]?.controlId).toHaveLength(200);
    expect(queue.sent).toHaveLength(0);
  });

  it('answers AR to a message too large to store, every time, keeping what fits of it', async () => {
    const huge = randomBytes(600_000).toString('hex').slice(0, 900_000);
    const body = Buffer.from(admission({ 10: 'BIG1' }).replace('Testperson^Alex', `Testperson^${huge}`));

    const first = await ingest(body, anyFacility, deps);
    const again = await ingest(body, anyFacility, deps);

    for (const result of [first, again])
      expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AR', errorCode: 'TOO_LARGE_TO_STORE' });
    expect(msaOf(first.ack)).toMatchObject({ code: 'AR', controlId: 'BIG1' });
    expect(store.refused[0]?.rawGzip.byteLength).toBeLessThanOrEqual(400_000);
    expect(queue.sent).toHaveLength(0);
  });

  it('answers AR to a message whose event would not fit on the queue', async () => {
    // Compressible (so the record would fit) but large once read: many repetitions of PID-3.
    const ids = Array.from({ length: 9_000 }, (_, i) => `ID${i}^^^RBN^PI`).join('~');
    const body = Buffer.from(
      admission({ 10: 'WIDE1' }).replace('9449305552^^^NHS^NH', `9449305552^^^NHS^NH~${ids}`),
    );

    const result = await ingest(body, anyFacility, deps);

    expect(result).toMatchObject({ outcome: 'rejected', ackCode: 'AR' });
    expect(['TOO_LARGE_TO_QUEUE', 'TOO_LARGE_TO_STORE']).toContain(result.errorCode);
    expect(queue.sent).toHaveLength(0);
  });
});
