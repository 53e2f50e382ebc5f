// Sending one alert on its subscriber's channel. A webhook gets its first attempt here (most
// succeed, and then the alert costs no queue, no second function and no extra write); an SQS
// subscriber's alert goes on its own queue. One that fails goes to the retry queue (the webhook
// queue), and that person's later alerts for that subscriber queue behind it, so they keep their
// order; one subscriber's failure holds up no other. An alert not delivered here and now is in
// the alerts table: queued for a retry, dead-lettered, or pending until the subscriber has a
// channel.
import type {
  AlertDispatcher,
  AlertStore,
  Clock,
  DeliveredAlert,
  DeliveryAttempt,
  StoredAlert,
  SubscriberRecord,
  WebhookJob,
} from './ports/index.ts';
import {
  attemptRecord,
  attemptWebhook,
  backoffMs,
  nextDelayMs,
  type WebhookCaller,
} from './webhook-attempt.ts';
import type { WebhookGate } from './webhook-gate.ts';

export interface SendAlertDependencies {
  alerts: AlertStore;
  dispatcher: AlertDispatcher;
  /** The first webhook attempt: a short timeout, so a slow receiver is retried from the queue. */
  webhooks: Omit<WebhookCaller, 'clock'> & { timeoutMs: number; gate: WebhookGate; random(): number };
  clock: Clock;
}

export interface Sent {
  /** Delivered here and now: it then lives only in the message's decision. */
  delivered?: DeliveredAlert;
  /** What came of a webhook attempt made here. */
  attempt?: DeliveryAttempt['result'];
}

/**
 * Sends one alert. `queuedBehind` is the person's pointer, per webhook subscriber, to an alert
 * still waiting on the webhook queue: updated here, saved by the caller with the person's state.
 */
export async function sendAlert(
  alert: StoredAlert,
  subscriber: SubscriberRecord | undefined,
  queuedBehind: Record<string, string>,
  deps: SendAlertDependencies,
  options: { mayRepeat?: boolean } = {},
): Promise<Sent> {
  const delivery = subscriber?.delivery;
  const now = deps.clock.now();
  const summary = (attempt: DeliveryAttempt): DeliveredAlert => ({
    id: alert.id,
    subscriberId: alert.subscriberId,
    relationship: alert.relationship,
    event: alert.event,
    sequence: alert.sequence,
    status: 'delivered',
    attempts: [attempt],
  });

  if (subscriber === undefined || delivery === undefined) {
    // A subscriber without a channel keeps its alerts pending until it has one.
    await deps.alerts.save(alert);
    return {};
  }
  const queue = async (attempts: StoredAlert['attempts'], notBefore?: Date): Promise<Sent> => {
    const stored = await deps.alerts.save({ ...alert, attempts });
    // Already there from an earlier try of this message: sent as it was first made.
    if (stored.status === 'pending') {
      // With a retry context the dispatcher hands it to the retry queue, whatever the channel.
      await deps.dispatcher.dispatch(stored, subscriber, {
        attemptsBefore: attempts?.length ?? 0,
        firstAttemptAt: now.toISOString(),
        notBefore: notBefore?.toISOString(),
      });
    }
    queuedBehind[alert.subscriberId] = stored.id;
    return attempts?.length ? { attempt: 'retry' } : {};
  };

  if (options.mayRepeat) {
    // Processed in part before (a crash, a timeout): an alert already stored is done, or pending on
    // the retry queue. Posting it here would deliver it twice; handing it to the retry queue again
    // is safe (the queue drops a repeat of its id, the deliverer skips an alert no longer pending)
    // and covers a crash between storing it and queueing it.
    const earlier = await deps.alerts.get(alert.id);
    if (earlier?.status === 'pending') await queue(earlier.attempts ?? []);
    if (earlier !== undefined) return {};
  }

  const behind = queuedBehind[alert.subscriberId];
  if (behind !== undefined) {
    const earlier = await deps.alerts.get(behind);
    if (earlier?.status === 'pending') return queue([]);
    delete queuedBehind[alert.subscriberId];
  }
  if (delivery.kind === 'sqs') {
    // The queue deduplicates on the alert id, so sending again after a failure is harmless. One
    // subscriber's queue failing holds up no one else: its alert is retried from the retry queue.
    try {
      await deps.dispatcher.dispatch(alert, subscriber);
    } catch (error) {
      const failed: DeliveryAttempt = {
        at: now.toISOString(),
        result: 'retry',
        error: `the subscriber's queue refused it: ${(error as Error).name}`,
        latencyMs: deps.clock.now().getTime() - now.getTime(),
      };
      const delayMs = backoffMs(1, deps.webhooks.random);
      return queue([failed], new Date(now.getTime() + delayMs));
    }
    return { delivered: summary({ at: now.toISOString(), result: 'delivered', latencyMs: 0 }) };
  }
  if (!deps.webhooks.gate.isOpen(alert.subscriberId, now)) return queue([]);

  const outcome = await attemptWebhook(
    alert.id,
    alert.payloadJson,
    delivery,
    { ...deps.webhooks, clock: deps.clock },
    deps.webhooks.timeoutMs,
  );
  if (outcome.result === 'delivered') {
    deps.webhooks.gate.succeeded(alert.subscriberId, outcome.latencyMs, deps.clock.now());
    return { delivered: summary(attemptRecord(now, outcome, 'delivered')), attempt: 'delivered' };
  }
  if (outcome.retryable) {
    deps.webhooks.gate.failed(alert.subscriberId, now);
    const delayMs = nextDelayMs(outcome, 1, deps.clock.now(), deps.webhooks.random);
    return queue([attemptRecord(now, outcome, 'retry')], new Date(now.getTime() + delayMs));
  }
  const dead: StoredAlert = {
    ...alert,
    status: 'dead-lettered',
    attempts: [attemptRecord(now, outcome, 'dead-letter')],
    lastError: outcome.error,
  };
  // Only the first time: a repeat of this message finds the record and leaves the queue alone.
  if ((await deps.alerts.save(dead)) === dead)
    await deps.dispatcher.deadLetter(webhookJobOf(dead), outcome.error);
  return { attempt: 'dead-letter' };
}

/** An alert as the webhook queue carries it. */
export function webhookJobOf(alert: StoredAlert): WebhookJob {
  return {
    alertId: alert.id,
    subscriberId: alert.subscriberId,
    payloadJson: alert.payloadJson,
    receivedAt: alert.receivedAt,
  };
}
