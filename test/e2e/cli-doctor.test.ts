// `adt-hub doctor` as an operator runs it against the local hub: a real process, real HTTP to a
// loopback receiver, real queues. One hub is healthy; another has what an operator must be told of.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_QUEUE, queueName, WEBHOOK_QUEUE } from '../../functions/platform/resources.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { addWebhookSubscriber, adtHub } from '../helpers/cli.ts';
import { startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let healthy: LocalHub;
let troubled: LocalHub;
let receiver: WebhookReceiver;
let healthyState: ReturnType<typeof stateDirFor>;
let troubledState: ReturnType<typeof stateDirFor>;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The lines of a text run, each as [status, check]. */
function statuses(stdout: string): [string, string][] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [status = '', check = ''] = line.split(/ {2,}/);
      return [status.trim(), check.trim()];
    });
}

beforeAll(async () => {
  [healthy, troubled] = await Promise.all([startTestHub('doc'), startTestHub('docx')]);
  healthyState = stateDirFor(healthy);
  troubledState = stateDirFor(troubled);
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  const added = await Promise.all([
    addWebhookSubscriber({ id: 'GP', name: 'Green Surgery' }, receiver, healthyState.env),
    adtHub(['subscribers', 'add', '--id', 'SC', '--name', 'Social care', '--queue'], healthyState.env),
    adtHub(
      [
        'subscribers',
        'add',
        '--id',
        'GONE',
        '--name',
        'Closed surgery',
        '--webhook',
        `http://127.0.0.1:${await closedPort()}/alerts`,
      ],
      troubledState.env,
    ),
  ]);
  expect(added.map((run) => run.code)).toEqual([0, 0, 0]);
});

afterAll(async () => {
  await receiver?.close();
  healthyState?.remove();
  troubledState?.remove();
  await Promise.all([healthy?.stop(), troubled?.stop()]);
});

describe('adt-hub doctor on a healthy hub', () => {
  it('passes every check, one line each, and skips the alarms the local hub does not have', async () => {
    const { code, stdout, stderr } = await adtHub(['doctor'], healthyState.env);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(statuses(stdout)).toEqual([
      ['OK', 'table messages'],
      ['OK', 'table senders'],
      ['OK', 'table registry'],
      ['OK', 'table alerts'],
      ['OK', 'queue ingest'],
      ['OK', 'queue ingest-dlq'],
      ['OK', 'queue webhook'],
      ['OK', 'queue webhook-dlq'],
      ['OK', 'ingest dead letters'],
      ['OK', 'webhook dead letters'],
      ['OK', 'sqs subscriber SC'],
      ['SKIP', 'alarm destinations'],
      ['OK', 'webhook GP'],
      ['OK', 'senders'],
      ['OK', 'subscribers'],
    ]);
    expect(stdout).toContain(`${receiver.url} answers HEAD with 405`);
    // A HEAD is not an alert: nothing was delivered.
    expect(receiver.received).toEqual([]);
  });

  it('sends a signed test event only to the subscriber named with --test-event, which verifies it', async () => {
    const { code, stdout } = await adtHub(['doctor', '--test-event', 'GP', '--json'], healthyState.env);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(code).toBe(0);
    expect(lines.every((line) => Object.keys(line).join() === 'check,status,detail')).toBe(true);
    expect(lines.find((line) => line.check === 'webhook GP')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('took a signed test event (204'),
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      verified: true,
      body: { type: 'adt-hub.test', source: `adt-hub/${healthy.deployment}`, data: { test: true } },
    });
    expect(receiver.received[0]?.id).toMatch(/^test_/);
  });

  it('fails for --test-event naming no webhook subscriber', async () => {
    const { code, stdout, stderr } = await adtHub(['doctor', '--test-event', 'SC'], healthyState.env);

    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL +webhook SC +no webhook subscriber has this id \(--test-event\)$/m);
    expect(stderr.trim()).toBe('adt-hub doctor: 1 check(s) failed');
  });
});

describe('adt-hub doctor on a hub with trouble', () => {
  it('lists dead letters and an unreachable endpoint, and exits 1', async () => {
    const send = async (queue: typeof INGEST_QUEUE, body: string) => {
      const { QueueUrl } = await troubled.sqs.send(
        new GetQueueUrlCommand({ QueueName: queueName(troubled.deployment, queue, true) }),
      );
      await troubled.sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: body,
          MessageGroupId: 'doctor',
          MessageDeduplicationId: randomBytes(8).toString('hex'),
        }),
      );
    };
    await send(INGEST_QUEUE, '{"messageKey":"RBN|DOC0001"}');
    await send(WEBHOOK_QUEUE, '{"alertId":"a-doctor"}');

    const { code, stdout, stderr } = await adtHub(['doctor'], troubledState.env);

    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL +ingest dead letters +1 message\(s\) parked, 0 patient\(s\) held/m);
    expect(stdout).toMatch(
      /^FAIL +webhook dead letters +0 alert\(s\) given up on, 1 message\(s\) on the dead-letter queue/m,
    );
    expect(stdout).toMatch(/^FAIL +webhook GONE +.*ECONNREFUSED/m);
    expect(stdout).toMatch(/^OK +senders +1: local-demo$/m);
    expect(stderr.trim()).toBe('adt-hub doctor: 3 check(s) failed');
  });
});
