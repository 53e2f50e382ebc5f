// `adt-hub subscribers add|list` (ARCHITECTURE §4.6): who receives alerts, which, and how.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/person-store.ts';
import { urlGuard } from '../functions/adapters/http/webhook-http.ts';
import { AdtEventName } from '../functions/core/normalise/events.ts';
import { DEFAULT_EVENTS } from '../functions/core/routing/types.ts';
import { REGISTRY_TABLE, subscriberQueueName } from '../functions/platform/resources.ts';
import type { Delivery, SubscriberRecord } from '../functions/use-cases/ports.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const subscribersHelp = `Usage:
  adt-hub subscribers add --id ID --name NAME (--webhook URL [--secret S] | --queue)
                          [--events a,b] [--practice ODS] [--json]
  adt-hub subscribers list [--json]

add registers a subscriber (or replaces one with the same id):
  --webhook URL   alerts are POSTed there, signed per Standard Webhooks; --secret is a
                  Standard Webhooks secret (whsec_ + base64), generated and printed when absent
  --queue         the hub creates an SQS FIFO queue for the subscriber and prints its URL
  --events        the events it wants (default: ${DEFAULT_EVENTS.join(',')})
  --practice ODS  it also hears about everyone registered at this GP practice (PD1-3)
Works against the hub npm start runs here.`;

const EVENT_NAMES = new Set<string>(Object.values(AdtEventName));

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function subscribersCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      webhook: { type: 'string' },
      secret: { type: 'string' },
      queue: { type: 'boolean' },
      events: { type: 'string' },
      practice: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(subscribersHelp);
    return 0;
  }
  const [action, ...rest] = positionals;
  if ((action !== 'add' && action !== 'list') || rest.length > 0)
    throw new UsageError('subscribers add or subscribers list');

  if (action === 'add') {
    if (!values.id || !values.name) throw new UsageError('subscribers add needs --id and --name');
    if ((values.webhook === undefined) === (values.queue !== true))
      throw new UsageError('give one of --webhook URL or --queue');
    if (values.queue && process.env.ADT_HUB_STACK)
      // On AWS the queue needs its key, its DLQ, the consumer's access and the process step's
      // permission to send: the deployment's configuration makes all of them.
      throw new UsageError(
        'an SQS subscriber of a deployed stack is added in its configuration file (config/<deployment>.json, docs/deploy.md), not with --queue',
      );
    if (values.secret !== undefined && !/^whsec_[A-Za-z0-9+/=]+$/.test(values.secret)) {
      throw new UsageError('--secret must be a Standard Webhooks secret: whsec_ + base64');
    }
    const events =
      values.events === undefined ? DEFAULT_EVENTS : values.events.split(',').map((e) => e.trim());
    const unknown = events.filter((event) => !EVENT_NAMES.has(event));
    if (unknown.length > 0) throw new UsageError(`unknown event(s): ${unknown.join(', ')}`);
    if (values.webhook !== undefined) {
      const refused = await urlGuard({ allowLoopback: true }).refuse(values.webhook);
      if (refused !== undefined) throw new UsageError(refused);
    }
  }

  const hub = connectToHub();
  try {
    const directory = new DynamoDbSubscriberDirectory(hub.dynamodb, hub.table(REGISTRY_TABLE));
    if (action === 'list') {
      for (const subscriber of await directory.list()) {
        const shown = {
          ...subscriber,
          delivery:
            subscriber.delivery?.kind === 'webhook'
              ? { kind: 'webhook', url: subscriber.delivery.url }
              : subscriber.delivery,
        };
        if (values.json) io.stdout(JSON.stringify(shown));
        else
          io.stdout(
            [
              subscriber.id,
              subscriber.name,
              shown.delivery?.kind ?? '-',
              subscriber.delivery?.kind === 'webhook'
                ? subscriber.delivery.url
                : (subscriber.delivery?.queueUrl ?? ''),
              subscriber.practice ?? '-',
              subscriber.events.join(','),
            ].join('  '),
          );
      }
      return 0;
    }

    const id = values.id as string;
    let delivery: Delivery;
    let secret: string | undefined;
    if (values.queue) {
      const created = await hub.sqs.send(
        new CreateQueueCommand({
          QueueName: subscriberQueueName(hub.deployment, id),
          Attributes: {
            FifoQueue: 'true',
            ContentBasedDeduplication: 'false',
            MessageRetentionPeriod: String(14 * 24 * 3600),
          },
        }),
      );
      delivery = { kind: 'sqs', queueUrl: created.QueueUrl as string };
    } else {
      secret = values.secret ?? newSecret();
      delivery = { kind: 'webhook', url: values.webhook as string, secret };
    }
    const subscriber: SubscriberRecord = {
      id,
      name: values.name as string,
      events:
        values.events === undefined
          ? DEFAULT_EVENTS
          : (values.events.split(',').map((e) => e.trim()) as SubscriberRecord['events']),
      practice: values.practice,
      delivery,
    };
    await directory.add(subscriber);
    if (values.json) {
      io.stdout(
        JSON.stringify({
          id,
          delivery: delivery.kind,
          queueUrl: delivery.kind === 'sqs' ? delivery.queueUrl : undefined,
          secret: values.secret === undefined ? secret : undefined,
        }),
      );
    } else {
      io.stdout(`Subscriber ${id} registered (${delivery.kind}).`);
      if (delivery.kind === 'sqs') io.stdout(`  queue   ${delivery.queueUrl}`);
      if (values.secret === undefined && secret !== undefined)
        io.stdout(`  secret  ${secret}  (keep it: it verifies every webhook)`);
    }
    return 0;
  } finally {
    hub.close();
  }
}
