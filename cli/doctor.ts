// `adt-hub doctor [--stack NAME]`: checks a hub, local or deployed, the way an operator would before
// telling hospitals to send: its tables and queues answer, nothing waits in a dead-letter queue,
// the alarms reach someone who confirmed, every webhook subscriber's endpoint answers, and senders
// and subscribers are configured. One line per check; exit 1 when any fails.

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { guardedLookup, urlGuard, webhookPoster } from '../functions/adapters/http/webhook-http.ts';
import { queueCounts } from '../functions/adapters/sqs/queue-monitor.ts';
import {
  alarmTopicName,
  QUEUES,
  queueName,
  subscriberDeadLetterQueueName,
  TABLES,
  tableName,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import { systemClock } from '../functions/platform/system.ts';
import type { SubscriberRecord, WebhookChannel } from '../functions/use-cases/ports/index.ts';
import { attemptWebhook } from '../functions/use-cases/webhook-attempt.ts';
import { connectToHub, type HubConnection, stackRegion } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const doctorHelp = `Usage: adt-hub doctor [--stack NAME] [--test-event SUBSCRIBER_ID]... [--json]

Checks a hub before hospitals are told to send, one line per check:
  table NAME           each table answers (DescribeTable)
  queue NAME           each queue and dead-letter queue answers, with how many messages wait
  ingest dead letters  none: accepted messages the process step gave up on (adt-hub dlq list --ingest)
  webhook dead letters none: alerts the hub gave up delivering (adt-hub dlq list)
  sqs subscriber ID    its own queue answers, and its dead-letter queue is empty
  alarm destinations   on AWS: every subscription of the alarm topic (and of alarmTopicArn in
                       config/NAME.json) is confirmed, and there is at least one
  webhook ID           its endpoint answers a HEAD request (any status below 500); with
                       --test-event ID, that subscriber is sent a signed test event instead
                       (type adt-hub.test, no patient), which must be answered 2xx: only for
                       subscribers who agreed to receive one
  senders              at least one sender key is registered
  subscribers          at least one subscriber is registered
Exit 0 when every check passes (a check that does not apply is skipped), 1 when any fails.
--json prints one {"check","status","detail"} object per line.`;

export type CheckStatus = 'ok' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
}

/** How long an endpoint may take to answer a HEAD or a test event. */
const PROBE_TIMEOUT_MS = 5_000;
const CONFIG_DIR = fileURLToPath(new URL('../config/', import.meta.url));

const ok = (check: string, detail: string): CheckResult => ({ check, status: 'ok', detail });
const fail = (check: string, detail: string): CheckResult => ({ check, status: 'fail', detail });
const skip = (check: string, detail: string): CheckResult => ({ check, status: 'skip', detail });

/** A check that throws fails with the error's name and message (AccessDenied, not found…). */
async function guarded(
  check: string,
  run: () => Promise<CheckResult | CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    return [await run()].flat();
  } catch (error) {
    const { name, message } = error as Error;
    return [fail(check, name && name !== 'Error' ? `${name}: ${message}` : message)];
  }
}

/** An SNS subscription as ListSubscriptionsByTopic gives it. */
export interface AlarmSubscription {
  SubscriptionArn?: string;
  Protocol?: string;
  Endpoint?: string;
}

/**
 * Whether an alarm topic reaches someone: it fails while any subscription waits for its
 * confirmation (an e-mail nobody clicked), or when none is confirmed.
 */
export function alarmVerdict(topicArn: string, subscriptions: readonly AlarmSubscription[]): CheckResult {
  const check = 'alarm destinations';
  const pending = subscriptions.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
  const confirmed = subscriptions.filter((s) => s.SubscriptionArn !== 'PendingConfirmation');
  const name = topicArn.split(':').at(-1);
  const list = (items: AlarmSubscription[]) => items.map((s) => `${s.Protocol}:${s.Endpoint}`).join(', ');
  if (pending.length > 0) {
    return fail(
      check,
      `${name}: ${pending.length} subscription(s) pending confirmation (${list(pending)}): click the link in AWS's "Subscription Confirmation" e-mail`,
    );
  }
  if (confirmed.length === 0) return fail(check, `${name}: nobody is subscribed: the alarms notify nobody`);
  return ok(check, `${name}: ${confirmed.length} confirmed (${list(confirmed)})`);
}

async function queueUrl(hub: HubConnection, name: string): Promise<string> {
  const { QueueUrl } = await hub.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
}

async function tableChecks(hub: HubConnection): Promise<CheckResult[]> {
  const results = await Promise.all(
    TABLES.map((table) =>
      guarded(`table ${table.name}`, async () => {
        const name = tableName(hub.deployment, table);
        const { Table } = await hub.clients.dynamodb.send(new DescribeTableCommand({ TableName: name }));
        const status = Table?.TableStatus ?? 'unknown';
        return status === 'ACTIVE'
          ? ok(`table ${table.name}`, `${name} ACTIVE`)
          : fail(`table ${table.name}`, `${name} ${status}`);
      }),
    ),
  );
  return results.flat();
}

async function queueChecks(hub: HubConnection): Promise<CheckResult[]> {
  const names = QUEUES.flatMap((queue) => [
    queueName(hub.deployment, queue),
    queueName(hub.deployment, queue, true),
  ]);
  const results = await Promise.all(
    names.map((name) => {
      const label = `queue ${name.replace(`adt-hub-${hub.deployment}-`, '').replace(/\.fifo$/, '')}`;
      return guarded(label, async () => {
        const { waiting, inFlight } = await queueCounts(hub.clients.sqs, await queueUrl(hub, name));
        return ok(label, `${name}: ${waiting} waiting, ${inFlight} in flight`);
      });
    }),
  );
  return results.flat();
}

function deadLetterChecks(hub: HubConnection): Promise<CheckResult[]>[] {
  return [
    guarded('ingest dead letters', async () => {
      const { deadLetters, holds } = await hub.ingestDeadLetters();
      const [messages, held] = await Promise.all([deadLetters.count(), holds.held()]);
      return messages === 0 && held.length === 0
        ? ok('ingest dead letters', 'none')
        : fail(
            'ingest dead letters',
            `${messages} message(s) parked, ${held.length} patient(s) held behind them: adt-hub dlq list --ingest, then adt-hub dlq redrive --ingest once the cause is fixed`,
          );
    }),
    guarded('webhook dead letters', async () => {
      const [counts, alerts] = await Promise.all([
        queueCounts(hub.clients.sqs, await queueUrl(hub, queueName(hub.deployment, WEBHOOK_QUEUE, true))),
        hub.operations.alerts.deadLettered(),
      ]);
      const queued = counts.waiting + counts.inFlight;
      if (queued === 0 && alerts.length === 0) return ok('webhook dead letters', 'none');
      const ids = alerts.slice(0, 5).map((alert) => `${alert.id} (${alert.subscriberId})`);
      return fail(
        'webhook dead letters',
        `${alerts.length} alert(s) given up on, ${queued} message(s) on the dead-letter queue${ids.length > 0 ? `: ${ids.join(', ')}${alerts.length > 5 ? ', …' : ''}` : ''}; adt-hub dlq list, adt-hub dlq redrive`,
      );
    }),
  ];
}

async function sqsSubscriberCheck(hub: HubConnection, subscriber: SubscriberRecord): Promise<CheckResult[]> {
  const check = `sqs subscriber ${subscriber.id}`;
  return guarded(check, async () => {
    if (subscriber.delivery?.kind !== 'sqs') return skip(check, 'not an SQS subscriber');
    const main = await queueCounts(hub.clients.sqs, subscriber.delivery.queueUrl);
    const dlqName = subscriberDeadLetterQueueName(hub.deployment, subscriber.id);
    const dlqUrl = await queueUrl(hub, dlqName).catch(() => undefined);
    if (dlqUrl === undefined)
      return ok(check, `its queue answers, ${main.waiting} waiting; no dead-letter queue`);
    const dead = await queueCounts(hub.clients.sqs, dlqUrl);
    const parked = dead.waiting + dead.inFlight;
    return parked === 0
      ? ok(check, `its queue answers, ${main.waiting} waiting; its dead-letter queue is empty`)
      : fail(check, `${parked} alert(s) in ${dlqName}: its consumer gave up on them`);
  });
}

/** A HEAD to the endpoint, through the same address checks as the hub's webhook calls. */
function head(url: string, allowLoopback: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method: 'HEAD', lookup: guardedLookup({ allowLoopback }) }, (response) => {
      response.resume();
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
    });
    const timer = setTimeout(
      () =>
        request.destroy(
          Object.assign(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`), { name: 'TimeoutError' }),
        ),
      PROBE_TIMEOUT_MS,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

async function webhookCheck(
  hub: HubConnection,
  subscriber: SubscriberRecord & { delivery: WebhookChannel },
  testEvent: boolean,
): Promise<CheckResult[]> {
  const check = `webhook ${subscriber.id}`;
  const allowLoopback = hub.local;
  return guarded(check, async () => {
    const { url } = subscriber.delivery;
    const refused = await urlGuard({ allowLoopback }).refuse(url);
    if (refused !== undefined) return fail(check, `${url}: ${refused}`);
    if (!testEvent) {
      const status = await head(url, allowLoopback);
      return status < 500
        ? ok(check, `${url} answers HEAD with ${status}`)
        : fail(check, `${url} answers HEAD with ${status}: the receiver is failing`);
    }
    // A signed event that is not an alert (no patient, type adt-hub.test), for a subscriber that agreed.
    const id = `test_${randomUUID()}`;
    const now = systemClock.now();
    const event = {
      specversion: '1.0',
      id,
      source: `adt-hub/${hub.deployment}`,
      type: 'adt-hub.test',
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      datacontenttype: 'application/json',
      data: { subscriber: { id: subscriber.id }, test: true },
    };
    const result = await attemptWebhook(
      id,
      JSON.stringify(event),
      subscriber.delivery,
      { http: webhookPoster({ allowLoopback }), guard: urlGuard({ allowLoopback }), clock: systemClock },
      PROBE_TIMEOUT_MS,
    );
    return result.result === 'delivered'
      ? ok(check, `${url} took a signed test event (${result.status}, ${result.latencyMs} ms)`)
      : fail(check, `${url} refused the signed test event: ${result.error}`);
  });
}

async function alarmChecks(hub: HubConnection): Promise<CheckResult[]> {
  const check = 'alarm destinations';
  if (hub.local) return [skip(check, 'the local hub has no alarms')];
  return guarded(check, async () => {
    const region = stackRegion(hub.deployment);
    const sts = new STSClient(region === undefined ? {} : { region });
    const client = new SNSClient(region === undefined ? {} : { region });
    try {
      const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
      const [, partition, , , account] = (Arn ?? '').split(':');
      const topicRegion = region ?? (await client.config.region());
      const topics = [`arn:${partition}:sns:${topicRegion}:${account}:${alarmTopicName(hub.deployment)}`];
      const own = configuredAlarmTopic(hub.deployment);
      if (own !== undefined) topics.push(own);
      const results: CheckResult[] = [];
      for (const topicArn of topics) {
        const subscriptions: AlarmSubscription[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
          );
          subscriptions.push(...(page.Subscriptions ?? []));
          token = page.NextToken;
        } while (token !== undefined);
        results.push(alarmVerdict(topicArn, subscriptions));
      }
      return results;
    } finally {
      sts.destroy();
      client.destroy();
    }
  });
}

/** The deployment's own alarm topic (alarmTopicArn), when its configuration file is in this repository. */
function configuredAlarmTopic(deployment: string): string | undefined {
  const path = join(CONFIG_DIR, `${deployment}.json`);
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(deployment) || !existsSync(path)) return undefined;
  try {
    const arn = (JSON.parse(readFileSync(path, 'utf8')) as { alarmTopicArn?: unknown }).alarmTopicArn;
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

/** Every check, in the order an operator reads them. */
export async function runDoctor(hub: HubConnection, testEvents: ReadonlySet<string>): Promise<CheckResult[]> {
  const subscribers = await hub.operations.subscribers.list().catch(() => undefined);
  const senders = await guarded('senders', async () => {
    const list = await hub.operations.senders.list();
    return list.length > 0
      ? ok('senders', `${list.length}: ${list.map((sender) => sender.senderId).join(', ')}`)
      : fail(
          'senders',
          'none: no hospital can send (adt-hub senders add, or senders in the configuration file)',
        );
  });
  const unknown = [...testEvents].filter(
    (id) => !subscribers?.some((s) => s.id === id && s.delivery?.kind === 'webhook'),
  );
  const groups = await Promise.all([
    tableChecks(hub),
    queueChecks(hub),
    ...deadLetterChecks(hub),
    ...(subscribers ?? [])
      .filter((subscriber) => subscriber.delivery?.kind === 'sqs')
      .map((subscriber) => sqsSubscriberCheck(hub, subscriber)),
    alarmChecks(hub),
    ...(subscribers ?? []).flatMap((subscriber) =>
      subscriber.delivery?.kind === 'webhook'
        ? [
            webhookCheck(
              hub,
              subscriber as SubscriberRecord & { delivery: WebhookChannel },
              testEvents.has(subscriber.id),
            ),
          ]
        : [],
    ),
  ]);
  return [
    ...groups.flat(),
    ...unknown.map((id) => fail(`webhook ${id}`, 'no webhook subscriber has this id (--test-event)')),
    ...senders,
    subscribers === undefined
      ? fail('subscribers', 'the registry could not be read')
      : subscribers.length > 0
        ? ok('subscribers', `${subscribers.length}: ${subscribers.map((s) => s.id).join(', ')}`)
        : fail(
            'subscribers',
            'none: no alert goes anywhere (adt-hub subscribers add, or the configuration file)',
          ),
  ];
}

export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'test-event': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(doctorHelp);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected '${positionals[0]}'`);
  const hub = connectToHub();
  try {
    const results = await runDoctor(hub, new Set(values['test-event'] ?? []));
    const width = Math.max(...results.map((result) => result.check.length));
    for (const result of results) {
      io.stdout(
        values.json
          ? JSON.stringify(result)
          : `${result.status.toUpperCase().padEnd(4)}  ${result.check.padEnd(width)}  ${result.detail}`,
      );
    }
    const failed = results.filter((result) => result.status === 'fail').length;
    if (failed > 0) {
      io.stderr(`adt-hub doctor: ${failed} check(s) failed`);
      return 1;
    }
    return 0;
  } finally {
    hub.close();
  }
}
