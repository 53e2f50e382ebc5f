// `adt-hub subscribers add|list` (ARCHITECTURE §4.6): who receives alerts, which, and how.
import { parseArgs } from 'node:util';
import { DEFAULT_EVENTS } from '../functions/core/routing/types.ts';
import { addSubscriberAs } from '../functions/use-cases/operator-actions.ts';
import { listSubscribers, SubscriberError } from '../functions/use-cases/subscribers.ts';
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
  }

  const hub = connectToHub();
  try {
    if (action === 'list') {
      for (const subscriber of await listSubscribers(hub.operations)) {
        if (values.json) io.stdout(JSON.stringify(subscriber));
        else
          io.stdout(
            [
              subscriber.id,
              subscriber.name,
              subscriber.delivery?.kind ?? '-',
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

    let added: Awaited<ReturnType<typeof addSubscriberAs>>;
    try {
      added = await addSubscriberAs(
        await hub.actor(),
        {
          id: values.id as string,
          name: values.name as string,
          ...(values.webhook !== undefined && { webhook: { url: values.webhook, secret: values.secret } }),
          queue: values.queue === true,
          ...(values.events !== undefined && { events: values.events.split(',').map((e) => e.trim()) }),
          ...(values.practice !== undefined && { practice: values.practice }),
        },
        { ...hub.operations, queues: hub.queues },
      );
    } catch (error) {
      if (error instanceof SubscriberError) throw new UsageError(error.message);
      throw error;
    }
    const { subscriber, generatedSecret } = added;
    const delivery = subscriber.delivery;
    if (values.json) {
      io.stdout(
        JSON.stringify({
          id: subscriber.id,
          delivery: delivery?.kind,
          queueUrl: delivery?.kind === 'sqs' ? delivery.queueUrl : undefined,
          secret: generatedSecret,
        }),
      );
    } else {
      io.stdout(`Subscriber ${subscriber.id} registered (${delivery?.kind}).`);
      if (delivery?.kind === 'sqs') io.stdout(`  queue   ${delivery.queueUrl}`);
      if (generatedSecret !== undefined)
        io.stdout(`  secret  ${generatedSecret}  (keep it: it verifies every webhook)`);
    }
    return 0;
  } finally {
    hub.close();
  }
}
