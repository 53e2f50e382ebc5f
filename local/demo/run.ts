// Runs the demo on a local hub: registers the GP practice (webhook) and the social-care team
// (SQS), loads their rosters, sends the sample feed over HTTP, collects what each received (the
// webhook verified with a Standard Webhooks library), and checks it against what should arrive.
import { randomBytes } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDbRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { urlGuard } from '../../functions/adapters/http/webhook-http.ts';
import { SqsSubscriberQueues } from '../../functions/adapters/sqs/subscriber-queues.ts';
import { readAck } from '../../functions/core/hl7/ack.ts';
import { type ParsedRosterRow, parseRosterRow } from '../../functions/core/matching/index.ts';
import { importRoster } from '../../functions/use-cases/roster-import.ts';
import { addSubscriber } from '../../functions/use-cases/subscribers.ts';
import type { LocalHub } from '../hub.ts';
import { demoFeed, GP, ROSTERS, SOCIAL_CARE } from './feed.ts';
import { startWebhookReceiver, type WebhookReceiver } from './receiver.ts';

export interface Arrival {
  /** The alert as received. */
  body: unknown;
  subscriberId: string;
  channel: 'webhook' | 'sqs';
  alertId: string;
  event: string;
  controlId: string;
  summary: string;
  verified: boolean;
  latencyMs: number;
}

export interface DemoResult {
  ok: boolean;
  lines: string[];
  arrivals: Arrival[];
  /** Keeps running after the demo (npm start): the receiver, and the SQS poller. */
  receiver: WebhookReceiver;
  stopPolling(): void;
}

interface AlertBody {
  id: string;
  data: { event: string; summary: string; source: { controlId: string }; subscriber: { id: string } };
}

async function* rowsOf(rows: Record<string, string>[]): AsyncGenerator<ParsedRosterRow> {
  let line = 1;
  for (const row of rows) {
    line++;
    yield { line, ...parseRosterRow(row, line) };
  }
}

/** `onArrival` sees every alert that arrives, during the demo and after it. */
export async function runDemo(hub: LocalHub, onArrival?: (arrival: Arrival) => void): Promise<DemoResult> {
  const table = hub.settings.registryTable;
  const receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  // Registered as an operator would (adt-hub subscribers add): through the same use case.
  const subscribers = {
    subscribers: new DynamoDbSubscriberDirectory(hub.dynamodb, table),
    queues: new SqsSubscriberQueues(hub.sqs, hub.deployment),
    guard: urlGuard({ allowLoopback: true }),
  };
  await addSubscriber({ ...GP, webhook: { url: receiver.url, secret: receiver.secret } }, subscribers);
  const { subscriber: socialCare } = await addSubscriber({ ...SOCIAL_CARE, queue: true }, subscribers);
  const queueUrl = socialCare.delivery?.kind === 'sqs' ? socialCare.delivery.queueUrl : '';
  const rosters = new DynamoDbRosterStore(hub.dynamodb, table);
  for (const [subscriberId, rows] of Object.entries(ROSTERS)) {
    await importRoster(
      subscriberId,
      rowsOf(rows),
      { replace: true },
      { rosters, newPersonId: () => `p-${randomBytes(8).toString('hex')}` },
    );
  }

  const sentAt = new Map<string, number>();
  const arrivals: Arrival[] = [];
  const arrive = (body: AlertBody, channel: Arrival['channel'], verified: boolean) => {
    const arrival: Arrival = {
      body,
      subscriberId: body.data.subscriber.id,
      channel,
      alertId: body.id,
      event: body.data.event,
      controlId: body.data.source.controlId,
      summary: body.data.summary,
      verified,
      latencyMs: Date.now() - (sentAt.get(body.data.source.controlId) ?? Date.now()),
    };
    arrivals.push(arrival);
    onArrival?.(arrival);
  };
  receiver.onReceive = (received) => arrive(received.body as AlertBody, 'webhook', received.verified);
  let polling = true;
  void (async () => {
    while (polling) {
      const { Messages } = await hub.sqs
        .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))
        .catch(() => ({ Messages: undefined }));
      for (const message of Messages ?? []) {
        arrive(JSON.parse(message.Body ?? '{}') as AlertBody, 'sqs', true);
        await hub.sqs
          .send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }))
          .catch(() => undefined);
      }
    }
  })();

  const runId = `D${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const feed = demoFeed(runId, new Date());
  const lines: string[] = ['Sending the sample feed (hospital RBN → POST /v1/hl7):', ''];
  let ok = true;
  for (const item of feed) {
    sentAt.set(item.controlId, sentAt.get(item.controlId) ?? Date.now());
    const response = await fetch(`${hub.httpUrl}/v1/hl7`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.senderKey}`, 'content-type': 'x-application/hl7-v2+er7' },
      body: item.hl7,
    });
    const { code } = readAck(await response.text());
    if (code !== item.ack) ok = false;
    lines.push(
      `  ${item.controlId.padEnd(10)} ${String(code).padEnd(3)} ${item.label}${code === item.ack ? '' : `  (expected ${item.ack})`}`,
    );
  }

  const expected = feed.flatMap((item) =>
    item.expect.map((e) => `${e.subscriberId}|${e.event}|${item.controlId}`),
  );
  const deadline = Date.now() + 30_000;
  while (arrivals.length < expected.length && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  // A moment more, so that anything unexpected has a chance to show itself.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const got = arrivals.map((a) => `${a.subscriberId}|${a.event}|${a.controlId}`);
  const missing = expected.filter((key) => !got.includes(key));
  const duplicated = got.filter((key, i) => got.indexOf(key) !== i);
  const unexpected = got.filter((key) => !expected.includes(key));
  const unverified = arrivals.filter((a) => !a.verified);
  ok =
    ok &&
    missing.length === 0 &&
    duplicated.length === 0 &&
    unexpected.length === 0 &&
    unverified.length === 0;

  const names: Record<string, string> = { [GP.id]: GP.name, [SOCIAL_CARE.id]: SOCIAL_CARE.name };
  lines.push('', 'Delivered:', '');
  for (const subscriberId of [GP.id, SOCIAL_CARE.id]) {
    lines.push(`  ${names[subscriberId]}`);
    for (const a of arrivals.filter((x) => x.subscriberId === subscriberId)) {
      const check =
        a.channel === 'webhook' ? (a.verified ? 'signature ok' : 'BAD SIGNATURE') : 'from its queue';
      lines.push(
        `    ${a.event.padEnd(22)} ${a.controlId.padEnd(10)} ${String(a.latencyMs).padStart(5)} ms  ${check}  ${a.summary}`,
      );
    }
  }
  lines.push('');
  for (const key of missing) lines.push(`  MISSING     ${key.replace(/\|/g, ' ')}`);
  for (const key of duplicated) lines.push(`  TWICE       ${key.replace(/\|/g, ' ')}`);
  for (const key of unexpected) lines.push(`  UNEXPECTED  ${key.replace(/\|/g, ' ')}`);
  const latencies = arrivals.map((a) => a.latencyMs).sort((a, b) => a - b);
  lines.push(
    ok
      ? `Demo passed: ${arrivals.length} alerts, each to the right subscriber exactly once (median ${latencies[Math.floor(latencies.length / 2)] ?? 0} ms from POST to arrival).`
      : 'Demo FAILED: see above.',
  );
  return {
    ok,
    lines,
    arrivals,
    receiver,
    stopPolling: () => {
      polling = false;
    },
  };
}
