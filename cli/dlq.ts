// `adt-hub dlq list|redrive [--subscriber ID]` (ARCHITECTURE §4.6): alerts the hub gave up on,
// and sending them again with the same ids.
import { parseArgs } from 'node:util';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDbAlertStore } from '../functions/adapters/dynamodb/alert-store.ts';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/person-store.ts';
import { SqsAlertDispatcher, type WebhookJob } from '../functions/adapters/sqs/alert-dispatcher.ts';
import { ALERTS_TABLE, queueName, REGISTRY_TABLE, WEBHOOK_QUEUE } from '../functions/platform/resources.ts';
import { redrive } from '../functions/use-cases/redrive.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const dlqHelp = `Usage: adt-hub dlq list [--subscriber ID] [--json]
       adt-hub dlq redrive [--subscriber ID] [--json]

list shows the alerts the hub gave up delivering (id, subscriber, event, last error);
redrive sends them again, all or one subscriber's, keeping their ids so receivers can
deduplicate. Both exit 0, also when there is nothing to show or replay.`;

/** Takes the redriven alerts' messages off the dead-letter queue; leaves the others there. */
async function drainDeadLetterQueue(sqs: SQSClient, url: string, ids: Set<string>): Promise<void> {
  for (let round = 0; round < 100 && ids.size > 0; round++) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }),
    );
    if (Messages === undefined || Messages.length === 0) return;
    for (const message of Messages) {
      const job = JSON.parse(message.Body ?? '{}') as WebhookJob;
      if (ids.delete(job.alertId)) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }
}

export async function dlqCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      subscriber: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(dlqHelp);
    return 0;
  }
  const [action, ...rest] = positionals;
  if ((action !== 'list' && action !== 'redrive') || rest.length > 0)
    throw new UsageError('dlq list or dlq redrive');
  const hub = connectToHub();
  try {
    const alerts = new DynamoDbAlertStore(hub.dynamodb, hub.table(ALERTS_TABLE));
    if (action === 'list') {
      const dead = await alerts.deadLettered(values.subscriber);
      for (const alert of dead) {
        const entry = {
          id: alert.id,
          subscriber: alert.subscriberId,
          event: alert.event,
          lastError: alert.lastError,
          attempts: alert.attempts?.length ?? 0,
        };
        io.stdout(
          values.json
            ? JSON.stringify(entry)
            : [entry.id, entry.subscriber, entry.event, entry.lastError ?? '-'].join('  '),
        );
      }
      if (!values.json) io.stderr(`${dead.length} dead-lettered alert(s)`);
      return 0;
    }
    const url = async (deadLetter: boolean) =>
      (
        await hub.sqs.send(
          new GetQueueUrlCommand({ QueueName: queueName(hub.deployment, WEBHOOK_QUEUE, deadLetter) }),
        )
      ).QueueUrl as string;
    const dispatcher = new SqsAlertDispatcher(hub.sqs, await url(false));
    const suffix = `-redrive-${Date.now()}`;
    const sent = await redrive(values.subscriber, {
      alerts,
      subscribers: new DynamoDbSubscriberDirectory(hub.dynamodb, hub.table(REGISTRY_TABLE)),
      dispatch: (alert, subscriber) => dispatcher.dispatch(alert, subscriber, undefined, suffix),
    });
    await drainDeadLetterQueue(hub.sqs, await url(true), new Set(sent.map((alert) => alert.id)));
    for (const alert of sent)
      io.stdout(
        values.json
          ? JSON.stringify({ id: alert.id, subscriber: alert.subscriberId })
          : `${alert.id}  ${alert.subscriberId}  sent again`,
      );
    if (!values.json) io.stderr(`${sent.length} alert(s) sent again`);
    return 0;
  } finally {
    hub.close();
  }
}
