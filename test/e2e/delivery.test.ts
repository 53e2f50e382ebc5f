// Delivery end to end on the local hub: signed webhooks verified by a Standard Webhooks library,
// an SQS subscriber's own queue, retries until the receiver is back, and the dead-letter queue.
// Each test sends messages about patients of its own, so that it stands alone.
import { randomBytes } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DynamoDbAlertStore } from '../../functions/adapters/dynamodb/alert-store.ts';
import { DynamoDbRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { alertSchemaErrors } from '../helpers/alert-schema.ts';
import { addWebhookSubscriber, adtHub } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { admission } from '../helpers/hl7.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;
let receiver: WebhookReceiver;
let state: ReturnType<typeof stateDirFor>;
let queueUrl: string;

/** The admission of the test helper, for patient `RBNn` (a roster person with that local id). */
function admissionOf(n: number, controlId: string): string {
  return admission({ 10: controlId }).replace('RBN1234567', `RBN${n}`).replace('9449305552^^^NHS^NH~', '');
}

beforeAll(async () => {
  hub = await startTestHub('deliv', { settings: { webhookTimeoutMs: 1000 } });
  state = stateDirFor(hub);
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  const gp = await addWebhookSubscriber({ id: 'GP', name: 'Green Surgery' }, receiver, state.env);
  const sc = await adtHub(
    ['subscribers', 'add', '--id', 'SC', '--name', 'Social care', '--queue', '--json'],
    state.env,
  );
  expect(gp.code).toBe(0);
  queueUrl = JSON.parse(sc.stdout).queueUrl;
  // Patients RBN1..RBN9 are known to both, by the hospital number the rosters hold as local_id.
  const rosters = new DynamoDbRosterStore(hub.dynamodb, hub.settings.registryTable);
  const people = Array.from({ length: 9 }, (_, i) => ({
    personId: `p-${i + 1}`,
    line: i + 2,
    family: 'Testperson',
    given: ['Alex'],
    birthDate: '1970-01-01',
    localId: `RBN:RBN${i + 1}`,
  }));
  await rosters.saveRoster('GP', people);
  await rosters.saveRoster('SC', people);
});

afterAll(async () => {
  await receiver?.close();
  state?.remove();
  await hub?.stop();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.script = [];
});

function alertStore() {
  return new DynamoDbAlertStore(hub.dynamodb, hub.settings.alertsTable);
}

/** The webhook deliveries once `count` have arrived. */
function received(count: number) {
  return eventually(`${count} webhook deliveries`, () =>
    receiver.received.length >= count ? [...receiver.received] : undefined,
  );
}

/** The alert once its delivery is recorded: the receiver answers before the deliverer writes it down. */
async function deliveredAlert(id: string) {
  return eventually(`alert ${id} recorded as delivered`, async () => {
    const alert = await alertStore().get(id);
    return alert?.status === 'delivered' ? alert : undefined;
  });
}

/** Makes a dead letter of its own: the receiver refuses the admission of patient `n` with 400. */
async function deadLetter(n: number, controlId: string) {
  receiver.script = [400];
  await postHl7(hub, admissionOf(n, controlId));
  return eventually(`the alert of ${controlId} dead-lettered`, async () =>
    (await alertStore().deadLettered('GP')).find((alert) => alert.messageKey === `RBN|${controlId}`),
  );
}

it('signs each webhook verifiably, and puts the same alert on the SQS subscriber’s queue', async () => {
  expect((await postHl7(hub, admissionOf(1, 'DEL0001'))).status).toBe(200);

  const [webhook] = await received(1);
  // Other tests' alerts may be on the queue too (other people, other FIFO groups): find this one's.
  const message = await eventually('the alert on the SQS subscriber’s queue', async () => {
    const got = await hub.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
      }),
    );
    return got.Messages?.find((m) => JSON.parse(m.Body ?? '{}').data?.source?.controlId === 'DEL0001');
  });
  const queued = JSON.parse(message.Body ?? '{}');

  expect(webhook?.verified).toBe(true);
  expect(alertSchemaErrors(webhook?.body)).toEqual([]);
  expect(webhook?.body).toMatchObject({
    type: 'adt-hub.admission',
    data: { subscriber: { id: 'GP' }, person: { localId: 'RBN:RBN1' } },
  });
  expect(alertSchemaErrors(queued)).toEqual([]);
  expect(queued.data.subscriber.id).toBe('SC');
  expect(message.MessageAttributes?.event?.StringValue).toBe('admission');
});

it('retries while the receiver is down and delivers exactly once when it is back', async () => {
  receiver.script = [503, 503];

  await postHl7(hub, admissionOf(2, 'DEL0002'));
  const [delivered] = await received(1);
  const alert = await deliveredAlert(delivered?.id ?? '');
  // Once the hub has nothing left to do, a second delivery would have arrived already.
  await settled(hub);

  expect(receiver.received).toHaveLength(1);
  expect(alert?.status).toBe('delivered');
  expect(alert?.attempts?.map((a) => a.result)).toEqual(['retry', 'retry', 'delivered']);
});

it('retries after a timeout', async () => {
  receiver.script = ['slow'];

  await postHl7(hub, admissionOf(3, 'DEL0003'));
  const [delivered] = await received(1);
  const alert = await deliveredAlert(delivered?.id ?? '');

  expect(alert?.attempts?.[0]).toMatchObject({ result: 'retry', error: 'timed out' });
  expect(alert?.status).toBe('delivered');
});

it('keeps a person’s alerts in order behind one being retried', async () => {
  receiver.script = [503];

  await postHl7(hub, admissionOf(5, 'DEL0005A'));
  await postHl7(
    hub,
    admissionOf(5, 'DEL0005B').replace('ADT^A01^ADT_A01', 'ADT^A02^ADT_A02').replace('EVN|A01', 'EVN|A02'),
  );
  await received(2);
  await settled(hub);

  const bodies = receiver.received.map((r) => r.body as { type: string; data: { sequence: number } });
  expect(bodies.map((body) => [body.type, body.data.sequence])).toEqual([
    ['adt-hub.admission', 1],
    ['adt-hub.transfer', 2],
  ]);
});

it('sends an alert the receiver refuses (400) to the dead-letter queue at once', async () => {
  const dead = await deadLetter(4, 'DEL0004');
  await settled(hub);

  expect(dead.lastError).toBe('HTTP 400');
  expect(dead.attempts).toHaveLength(1);
  expect(receiver.received).toHaveLength(0);
  const subscribers = await new DynamoDbSubscriberDirectory(hub.dynamodb, hub.settings.registryTable).list();
  expect(subscribers.map((s) => s.id).sort()).toEqual(['GP', 'SC']);
});

it('lists the dead letter, and redrive delivers it with the same id', async () => {
  const dead = await deadLetter(6, 'DEL0006');

  const listed = await adtHub(['dlq', 'list', '--subscriber', 'GP', '--json'], state.env);
  const redriven = await adtHub(['dlq', 'redrive', '--subscriber', 'GP'], state.env);
  // Other tests' dead letters are redriven too: this one's delivery is the one with its id.
  const delivered = await eventually('the redriven alert delivered', () =>
    receiver.received.find((r) => r.id === dead.id),
  );
  const again = await adtHub(['dlq', 'redrive'], state.env);

  expect(listed.code).toBe(0);
  expect(
    listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
  ).toContainEqual({ id: dead.id, subscriber: 'GP', event: 'admission', lastError: 'HTTP 400', attempts: 1 });
  expect(redriven.code).toBe(0);
  expect(delivered.verified).toBe(true);
  expect((await deliveredAlert(dead.id)).status).toBe('delivered');
  expect(again.code).toBe(0);
  expect(again.stderr.trim()).toBe('0 alert(s) sent again');
});

it('traces a message: ACK, match and its evidence, alerts and their attempts', async () => {
  receiver.script = [503];
  await postHl7(hub, admissionOf(7, 'DEL0007'));
  await deliveredAlert((await received(1))[0]?.id ?? '');

  const text = await adtHub(['trace', 'DEL0007'], state.env);
  const json = await adtHub(['trace', '--json', 'DEL0007'], state.env);
  const missing = await adtHub(['trace', 'NO-SUCH-ID'], state.env);

  expect(text.code).toBe(0);
  expect(text.stdout).toContain('ACK       AA');
  expect(text.stdout).toMatch(/match {5}matched by local-id, score 1/);
  expect(text.stdout).toMatch(/alert .* → GP \(roster\): admission, sequence 1, delivered/);
  expect(text.stdout).toMatch(/retry HTTP 503/);
  const [traced] = json.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(traced.decision).toMatchObject({ outcome: 'matched', method: 'local-id' });
  expect(traced.alerts.map((a: { subscriberId: string }) => a.subscriberId).sort()).toEqual(['GP', 'SC']);
  expect(missing.code).toBe(1);
  expect(missing.stderr.trim()).toBe('adt-hub trace: no message with control id NO-SUCH-ID');
});
