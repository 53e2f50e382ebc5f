// Recovery at start-up of the local hub: its SQS server keeps queues in memory, so a restart loses
// what they held; the tables are durable. Messages stored but not processed go on the ingest queue
// again, SQS subscribers' queues are made again, and webhook alerts still on their way go back to
// the webhook queue (use-cases/recover.ts). Known limit: alerts already on an SQS subscriber's
// local queue but not yet read by it are gone after a restart.

import { DynamoDbAlertStore } from '../functions/adapters/dynamodb/alert-store.ts';
import { DynamoDbMessageStore } from '../functions/adapters/dynamodb/message-store.ts';
import { DynamoDbSubscriberDirectory } from '../functions/adapters/dynamodb/subscriber-directory.ts';
import { SqsAlertDispatcher } from '../functions/adapters/sqs/alert-dispatcher.ts';
import { SqsIngestQueue } from '../functions/adapters/sqs/ingest-queue.ts';
import { SqsSubscriberQueues } from '../functions/adapters/sqs/subscriber-queues.ts';
import type { HubClients } from '../functions/platform/clients.ts';
import type { Settings } from '../functions/platform/settings.ts';
import { redispatchPending, requeueUnprocessed } from '../functions/use-cases/recover.ts';

export interface Recovered {
  messages: number;
  alerts: number;
}

/**
 * Run by startLocalHub before it takes any message and before its queue consumers start: what it
 * queues again goes ahead of anything new, so each patient's messages keep their order.
 */
export async function recoverLocalHub(hub: {
  settings: Settings;
  dynamodb: HubClients['dynamodb'];
  sqs: HubClients['sqs'];
  deployment: string;
}): Promise<Recovered> {
  const { settings } = hub;
  const subscribers = new DynamoDbSubscriberDirectory(hub.dynamodb, settings.registryTable);
  const queues = new SqsSubscriberQueues(hub.sqs, hub.deployment);
  for (const subscriber of await subscribers.list()) {
    if (subscriber.delivery?.kind === 'sqs') await queues.create(subscriber.id);
  }
  const messages = await requeueUnprocessed({
    messages: new DynamoDbMessageStore(hub.dynamodb, settings.messagesTable),
    queue: new SqsIngestQueue(hub.sqs, settings.ingestQueueUrl),
  });
  const alerts = await redispatchPending({
    alerts: new DynamoDbAlertStore(hub.dynamodb, settings.alertsTable),
    subscribers,
    dispatcher: new SqsAlertDispatcher(hub.sqs, settings.webhookQueueUrl, settings.webhookDeadLetterUrl),
  });
  return { messages, alerts };
}
