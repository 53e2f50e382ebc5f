// Redrive: dead-lettered alerts sent again, keeping their ids (receivers deduplicate on them).
import type {
  AlertDispatcher,
  AlertStore,
  Clock,
  DeadLetterQueue,
  StoredAlert,
  SubscriberDirectory,
} from './ports/index.ts';

export interface RedriveDependencies {
  alerts: AlertStore;
  subscribers: SubscriberDirectory;
  dispatcher: Pick<AlertDispatcher, 'redispatch'>;
  deadLetters: DeadLetterQueue;
  clock: Clock;
}

export interface RedriveResult {
  sent: StoredAlert[];
  /** Dead letters of subscribers that no longer have a channel: left where they are. */
  skipped: StoredAlert[];
}

export async function redrive(
  subscriberId: string | undefined,
  deps: RedriveDependencies,
): Promise<RedriveResult> {
  const dead = await deps.alerts.deadLettered(subscriberId);
  const subscribers = new Map((await deps.subscribers.list()).map((s) => [s.id, s]));
  const result: RedriveResult = { sent: [], skipped: [] };
  try {
    for (const alert of dead) {
      const subscriber = subscribers.get(alert.subscriberId);
      if (subscriber?.delivery === undefined) {
        result.skipped.push(alert);
        continue;
      }
      // Pending first: the deliverer may deliver it, and record that, before dispatch even returns.
      await deps.alerts.markPending(alert.id);
      try {
        await deps.dispatcher.redispatch(alert, subscriber);
      } catch (error) {
        const attempt = {
          at: deps.clock.now().toISOString(),
          result: 'dead-letter' as const,
          error: 'redrive failed',
          latencyMs: 0,
        };
        await deps.alerts.recordAttempt(alert.id, attempt, 'dead-lettered', alert.lastError);
        throw error;
      }
      result.sent.push(alert);
    }
  } finally {
    // What was sent again leaves the dead-letter queue, even when a later one failed.
    if (result.sent.length > 0) await deps.deadLetters.discard(new Set(result.sent.map((alert) => alert.id)));
  }
  return result;
}
