// The accounts of one scenario: what the hub acknowledged (AA) and so owes, and what the
// subscriber's receiver got. An expected alert is known by what it is about (subscriber, sending
// facility, MSH-10, the person's NHS number, event), not by the id the hub gives it, so the
// ledger can also catch the same alert sent twice under two ids — which no receiver could
// deduplicate — and two different alerts under one id.
import type { Received } from '../../../local/demo/receiver.ts';
import type { PlannedMessage } from './people.ts';
import type { Answer } from './senders.ts';

interface AlertBody {
  id?: string;
  data?: {
    event?: string;
    sequence?: number;
    subscriber?: { id?: string };
    person?: { nhsNumber?: string };
    source?: { sendingFacility?: string; controlId?: string };
  };
}

/** What an alert is about: the same key for the expected alert and the one that arrives. */
export function alertKey(parts: {
  subscriberId: string;
  facility: string;
  controlId: string;
  nhsNumber: string;
  event: string;
}): string {
  return [parts.subscriberId, parts.facility, parts.controlId, parts.nhsNumber, parts.event].join('|');
}

function keyOfBody(body: AlertBody): string {
  const data = body.data ?? {};
  return alertKey({
    subscriberId: data.subscriber?.id ?? '?',
    facility: data.source?.sendingFacility ?? '?',
    controlId: data.source?.controlId ?? '?',
    nhsNumber: data.person?.nhsNumber ?? '?',
    event: data.event ?? '?',
  });
}

export interface ExpectedAlert {
  key: string;
  message: PlannedMessage;
  subscriberId: string;
  /** Position of the message in its person's story: alerts must arrive in this order. */
  order: number;
}

export interface Tally {
  /** AA answers received (a message resent five times and taken five times counts five). */
  accepted: number;
  /** Distinct messages answered AA at least once. */
  acceptedMessages: number;
  expected: number;
  /** Distinct webhook-ids received (and accepted by the receiver). */
  delivered: number;
  lost: ExpectedAlert[];
  /** webhook-ids received more than once (raw), and how many extra copies in all. */
  duplicatedIds: string[];
  extraCopies: number;
  /** webhook-ids under which two different bodies arrived: must never happen. */
  conflictingIds: string[];
  /** Expected alerts that arrived under two or more different ids: a duplicate no receiver can drop. */
  twins: string[];
  /** Alerts about nothing the hub acknowledged for this subscriber. */
  unexpected: string[];
  /** Signatures that did not verify. */
  unverified: number;
  /** Per person and subscriber, alerts that arrived out of the story's order or sequence. */
  outOfOrder: string[];
  /** Arrival time of the last expected alert (first copy), if any arrived. */
  lastExpectedAt?: number;
}

export class Ledger {
  readonly expected = new Map<string, ExpectedAlert>();
  readonly answers: Answer[] = [];
  private readonly acceptedLabels = new Set<string>();
  private acceptedCount = 0;

  /** Records an answer; an AA makes the message's alerts owed. */
  answer(message: PlannedMessage | undefined, answer: Answer, order = 0): void {
    this.answers.push(answer);
    if (answer.code !== 'AA') return;
    this.acceptedCount++;
    if (message === undefined || this.acceptedLabels.has(message.label)) return;
    this.acceptedLabels.add(message.label);
    for (const subscriberId of message.alertsFor) {
      const key = alertKey({
        subscriberId,
        facility: message.facility,
        controlId: message.controlId,
        nhsNumber: message.person.nhsNumber,
        event: message.event,
      });
      this.expected.set(key, { key, message, subscriberId, order });
    }
  }

  wasAccepted(message: PlannedMessage): boolean {
    return this.acceptedLabels.has(message.label);
  }

  /** Every owed alert has arrived (at least once). */
  complete(arrivals: readonly Received[]): boolean {
    const seen = new Set(arrivals.map((arrival) => keyOfBody(arrival.body as AlertBody)));
    for (const key of this.expected.keys()) if (!seen.has(key)) return false;
    return true;
  }

  tally(arrivals: readonly Received[], options: { checkOrder?: boolean } = {}): Tally {
    const byId = new Map<string, Received[]>();
    for (const arrival of arrivals) {
      const copies = byId.get(arrival.id) ?? [];
      copies.push(arrival);
      byId.set(arrival.id, copies);
    }
    const idsByKey = new Map<string, Set<string>>();
    // The first copy of each expected alert, with its place in the arrival order.
    const firstByKey = new Map<string, Received & { index: number }>();
    arrivals.forEach((arrival, index) => {
      const key = keyOfBody(arrival.body as AlertBody);
      const ids = idsByKey.get(key) ?? new Set<string>();
      ids.add(arrival.id);
      idsByKey.set(key, ids);
      if (!firstByKey.has(key)) firstByKey.set(key, { ...arrival, index });
    });
    const duplicatedIds = [...byId].filter(([, copies]) => copies.length > 1).map(([id]) => id);
    const conflictingIds = [...byId]
      .filter(([, copies]) => new Set(copies.map((copy) => JSON.stringify(copy.body))).size > 1)
      .map(([id]) => id);
    const lost = [...this.expected.values()].filter((alert) => !idsByKey.has(alert.key));
    const arrivedExpected = [...this.expected.keys()]
      .map((key) => firstByKey.get(key)?.at)
      .filter((at) => at !== undefined);

    return {
      accepted: this.acceptedCount,
      acceptedMessages: this.acceptedLabels.size,
      expected: this.expected.size,
      delivered: byId.size,
      lost,
      duplicatedIds,
      extraCopies: [...byId.values()].reduce((sum, copies) => sum + copies.length - 1, 0),
      conflictingIds,
      twins: [...idsByKey].filter(([, ids]) => ids.size > 1).map(([key]) => key),
      unexpected: [...idsByKey.keys()].filter((key) => !this.expected.has(key)),
      unverified: arrivals.filter((arrival) => !arrival.verified).length,
      outOfOrder: options.checkOrder ? this.orderViolations(firstByKey) : [],
      ...(arrivedExpected.length > 0 && { lastExpectedAt: Math.max(...arrivedExpected) }),
    };
  }

  /**
   * Per person and subscriber, the first copies of their alerts must arrive in the order of the
   * person's story, with `data.sequence` increasing.
   */
  private orderViolations(firstByKey: Map<string, Received & { index: number }>): string[] {
    const streams = new Map<string, { order: number; index: number; sequence: number }[]>();
    for (const alert of this.expected.values()) {
      const arrival = firstByKey.get(alert.key);
      if (arrival === undefined) continue;
      const stream = `${alert.subscriberId}|${alert.message.person.nhsNumber}`;
      const list = streams.get(stream) ?? [];
      list.push({
        order: alert.order,
        index: arrival.index,
        sequence: (arrival.body as AlertBody).data?.sequence ?? Number.NaN,
      });
      streams.set(stream, list);
    }
    const violations: string[] = [];
    for (const [stream, list] of streams) {
      list.sort((a, b) => a.index - b.index);
      for (let i = 1; i < list.length; i++) {
        const before = list[i - 1] as (typeof list)[number];
        const after = list[i] as (typeof list)[number];
        if (after.order < before.order || !(after.sequence > before.sequence)) {
          violations.push(`${stream.split('|')[0]}: step ${before.order}→${after.order}`);
          break;
        }
      }
    }
    return violations;
  }
}
