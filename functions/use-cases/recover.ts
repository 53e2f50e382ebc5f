// After a restart of a hub whose queues forgot what they held (the local hub's SQS server keeps its
// queues in memory; the tables are durable): what was stored and not yet processed goes on the
// ingest queue again, oldest first so each patient's messages keep their order, and every webhook
// alert still on its way goes back to the webhook queue, with its id. On AWS, SQS is durable and
// none of this is needed.
import { enqueueStored } from './ingest.ts';
import type {
  AlertDispatcher,
  AlertStore,
  IngestQueue,
  MessageStore,
  SubscriberDirectory,
} from './ports/index.ts';

export async function requeueUnprocessed(deps: {
  messages: Pick<MessageStore, 'unprocessed'>;
  queue: IngestQueue;
}): Promise<number> {
  const messages = await deps.messages.unprocessed();
  for (const message of messages) await enqueueStored(message, deps.queue, true);
  return messages.length;
}

export async function redispatchPending(deps: {
  alerts: Pick<AlertStore, 'pending'>;
  subscribers: SubscriberDirectory;
  dispatcher: Pick<AlertDispatcher, 'dispatch'>;
}): Promise<number> {
  const byId = new Map((await deps.subscribers.list()).map((subscriber) => [subscriber.id, subscriber]));
  let count = 0;
  for (const alert of await deps.alerts.pending()) {
    const subscriber = byId.get(alert.subscriberId);
    if (subscriber?.delivery?.kind !== 'webhook') continue;
    await deps.dispatcher.dispatch(alert, subscriber);
    count++;
  }
  return count;
}
