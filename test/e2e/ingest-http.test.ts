// HTTP ingest end to end (ARCHITECTURE §4.2, §4.3): real HTTP to the local hub, the real handler,
// DynamoDB Local and the SQS server, read back through the SDK.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSenderDirectory } from '../../functions/adapters/dynamodb/sender-directory.ts';
import { registerSender } from '../../functions/use-cases/senders.ts';
import type { LocalHub } from '../../local/hub.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { admission, msaOf } from '../helpers/hl7.ts';
import {
  allStoredMessages,
  ingestQueueDepth,
  peekIngestQueue,
  postHl7,
  startTestHub,
  storedMessage,
} from '../helpers/local-hub.ts';

let hub: LocalHub;

beforeAll(async () => {
  // These tests look at what ingest leaves on the queue: no consumer.
  hub = await startTestHub('http', { consumeQueues: false });
});

afterAll(async () => {
  await hub?.stop();
});

describe('POST /v1/hl7', () => {
  it('stores and queues an accepted message before answering AA', async () => {
    const response = await postHl7(hub, readFixture('a01-admission.hl7'));

    expect(response.status).toBe(200);
    expect(response.contentType).toBe('x-application/hl7-v2+er7');
    expect(msaOf(response.body)).toEqual({ code: 'AA', controlId: 'MSG00001', reason: undefined });
    const stored = await storedMessage(hub, 'RBN|MSG00001');
    expect(stored).toMatchObject({ status: 'received', controlId: 'MSG00001', ack: response.body });
    expect(JSON.parse(stored?.eventJson)).toMatchObject({
      event: 'admission',
      patient: { nhsNumber: '9449305552' },
    });
    const queued = await peekIngestQueue(hub);
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0]?.Body ?? '{}')).toMatchObject({ messageKey: 'RBN|MSG00001' });
    expect(queued[0]?.Attributes?.MessageGroupId).toMatch(/^[0-9a-f]{64}$/);
    expect(queued[0]?.MessageAttributes?.event?.StringValue).toBe('admission');
  });

  it('answers a duplicate with the same ACK and does not queue it again', async () => {
    const first = await postHl7(hub, admission({ 10: 'DUP001' }));
    const depth = await ingestQueueDepth(hub);
    const again = await postHl7(hub, admission({ 10: 'DUP001' }));

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await ingestQueueDepth(hub)).toBe(depth);
  });

  it('answers AE with a reason and quarantines a message that is invalid', async () => {
    const response = await postHl7(hub, readFixture('bad-birth-date.hl7'));

    expect(response.status).toBe(400);
    expect(msaOf(response.body)).toEqual({
      code: 'AE',
      controlId: 'BAD00008',
      reason: 'PID-7 (date of birth) is not a valid date',
    });
    const quarantined = (await allStoredMessages(hub)).filter((item) => item.status === 'quarantined');
    expect(quarantined.some((item) => item.controlId === 'BAD00008' && item.error.field === 'PID-7')).toBe(
      true,
    );
  });

  it.each([
    ['bad-not-hl7.hl7', 'NOT_HL7'],
    ['bad-not-adt.hl7', 'UNSUPPORTED_MESSAGE_TYPE'],
    ['bad-version.hl7', 'UNSUPPORTED_VERSION'],
  ])('answers AR for %s and quarantines it', async (fixture, code) => {
    const response = await postHl7(hub, readFixture(fixture));

    expect(response.status).toBe(400);
    expect(msaOf(response.body).code).toBe('AR');
    const quarantined = (await allStoredMessages(hub)).filter((item) => item.status === 'quarantined');
    expect(quarantined.some((item) => item.error.code === code)).toBe(true);
  });

  it('answers AR to a facility the key may not send for', async () => {
    const senders = new DynamoDbSenderDirectory(hub.dynamodb, hub.settings.sendersTable);
    await registerSender({ senderId: 'rxx-engine', facilities: ['RXX'], key: 'only-rxx' }, senders);

    const response = await postHl7(hub, admission({ 10: 'FAC001' }), { authorization: 'Bearer only-rxx' });

    expect(response.status).toBe(400);
    expect(msaOf(response.body)).toMatchObject({ code: 'AR', controlId: 'FAC001' });
    expect(await storedMessage(hub, 'RBN|FAC001')).toBeUndefined();
  });

  it.each([
    ['a wrong key', { authorization: 'Bearer not-a-key' }],
    ['no key', { authorization: '' }],
  ])('refuses %s with 401 and no ACK', async (_, headers) => {
    const response = await postHl7(hub, admission({ 10: 'KEY001' }), headers);

    expect(response.status).toBe(401);
    expect(response.body).not.toContain('MSH');
    expect(await storedMessage(hub, 'RBN|KEY001')).toBeUndefined();
  });

  it('refuses another content type with 415', async () => {
    const response = await postHl7(hub, admission({ 10: 'CT0001' }), { 'content-type': 'application/json' });

    expect(response.status).toBe(415);
  });

  it('accepts text/plain', async () => {
    const response = await postHl7(hub, admission({ 10: 'CT0002' }), {
      'content-type': 'text/plain; charset=utf-8',
    });

    expect(response.status).toBe(200);
  });

  it('refuses a body over 1 MiB with 413, with a length or chunked', async () => {
    const big = `${admission({ 10: 'BIG001' })}\rNTE|1||${'x'.repeat(1024 * 1024)}`;
    const withLength = await postHl7(hub, big);
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${hub.httpUrl}/v1/hl7`);
      const req = request(
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${hub.senderKey}`, 'content-type': 'x-application/hl7-v2+er7' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // No content-length: Node sends it chunked, 64 KiB at a time.
      for (let i = 0; i < 20; i++) req.write('x'.repeat(64 * 1024));
      req.end();
    });

    expect(withLength.status).toBe(413);
    expect(chunked).toBe(413);
    expect(await storedMessage(hub, 'RBN|BIG001')).toBeUndefined();
  });

  it('keeps Latin-1 text intact through storage', async () => {
    const latin1 = readFixture('latin1-8859-1.hl7');
    const response = await postHl7(hub, latin1);

    expect(response.status).toBe(200);
    expect(JSON.parse((await storedMessage(hub, 'RBN|LAT00001'))?.eventJson).patient.name).toEqual({
      family: 'Núñez-García',
      given: ['Zoë'],
    });
  });
});
