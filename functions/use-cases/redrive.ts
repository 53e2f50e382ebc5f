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
    // Pending first: the deliverer may deliver it, and record that, before dispatch even returns.
    await deps.alerts.markPending(alert.id);
    try {
      await deps.dispatch(alert, subscriber);
    } catch (error) {
      const attempt = {
        at: new Date().toISOString(),
        result: 'dead-letter' as const,
        error: 'redrive failed',
        latencyMs: 0,
      };
      await deps.alerts.recordAttempt(alert.id, attempt, 'dead-lettered', alert.lastError);
      throw error;
    }
    sent.push(alert);
  }
  return sent;
}
