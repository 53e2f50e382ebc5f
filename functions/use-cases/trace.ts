// Trace: what happened to a message, for an operator: when it arrived and from whom, its ACK, the
// match and its evidence, the alerts it made and each delivery attempt. `adt-hub trace` and the
// console's message page both show this.
import type {
  AlertStore,
  DeliveredAlert,
  MessageHistory,
  MessageRecord,
  StoredAlert,
} from './ports/index.ts';

/** An alert as a trace shows it: never its payload (which names the person). */
export type TracedAlert = DeliveredAlert & Partial<Pick<StoredAlert, 'lastError' | 'retracts' | 'createdAt'>>;

export interface MessageTrace {
  message: MessageRecord;
  alerts: TracedAlert[];
}

export async function traceMessage(
  controlId: string,
  deps: { history: MessageHistory; alerts: Pick<AlertStore, 'get'> },
): Promise<MessageTrace[]> {
  const messages = await deps.history.withControlId(controlId);
  return Promise.all(
    messages.map(async (message) => {
      const decision = message.decision;
      // An alert delivered at the first attempt lives in the decision; the others in the alerts table.
      const deliveredAtOnce = new Map((decision?.delivered ?? []).map((alert) => [alert.id, alert]));
      const alerts = await Promise.all(
        (decision?.alertIds ?? []).map(async (id) => deliveredAtOnce.get(id) ?? (await deps.alerts.get(id))),
      );
      return {
        message,
        alerts: alerts
          .filter((alert): alert is DeliveredAlert | StoredAlert => alert !== undefined)
          .map((alert) => {
            const { payloadJson: _, ...shown } = alert as StoredAlert;
            return shown;
          }),
      };
    }),
  );
}
