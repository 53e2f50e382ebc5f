// Redrive: dead-lettered alerts sent again, keeping their ids (receivers deduplicate on them).
import type { AlertDispatcher, AlertStore, StoredAlert, SubscriberDirectory } from './ports.ts';

export interface RedriveDependencies {
  alerts: AlertStore;
  subscribers: SubscriberDirectory;
  /** Dispatches with a deduplication suffix: the queue must take an alert id it has seen before. */
  dispatch(alert: StoredAlert, subscriber: Parameters<AlertDispatcher['dispatch']>[1]): Promise<void>;
}

export async function redrive(
  subscriberId: string | undefined,
  deps: RedriveDependencies,
): Promise<StoredAlert[]> {
  const dead = await deps.alerts.deadLettered(subscriberId);
  const subscribers = new Map((await deps.subscribers.list()).map((s) => [s.id, s]));
  const sent: StoredAlert[] = [];
  for (const alert of dead) {
    const subscriber = subscribers.get(alert.subscriberId);
    if (subscriber?.delivery === undefined) continue;
    await deps.dispatch(alert, subscriber);
    await deps.alerts.markPending(alert.id);
    sent.push(alert);
  }
  return sent;
}
