// Who is told about a message: the subscribers whose roster holds the person and those registered
// for the person's practice, each filtered by the events it wants; a cancel goes only to those who
// received what it withdraws. Pure: the process step supplies the history and assigns sequences.
import { createHash } from 'node:crypto';
import type { AdtEventName } from '../normalise/events.ts';
import { dischargeCategory } from './discharge-category.ts';
import type { PastAlert, Relationship, RoutedAlert, RoutingInput } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The event a cancel withdraws. */
const CANCELS: Partial<Record<AdtEventName, readonly AdtEventName[]>> = {
  'cancel-admission': ['admission'],
  'cancel-transfer': ['transfer'],
  'cancel-discharge': ['discharge', 'death'],
};

/** A UUID-shaped id, the same every time for the same message, subscriber and event. */
export function alertId(messageKey: string, subscriberId: string, event: AdtEventName): string {
  const hex = createHash('sha256').update(`${messageKey}\u0000${subscriberId}\u0000${event}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** For each subscriber, the alert a cancel withdraws: same visit, else its latest of that kind. */
function withdrawn(input: RoutingInput, kinds: readonly AdtEventName[]): Map<string, PastAlert> {
  const { event } = input;
  const visit = event.encounter?.visitNumber;
  const found = new Map<string, PastAlert>();
  for (const past of input.pastAlerts) {
    if (!kinds.includes(past.event) || past.sendingFacility !== event.sendingFacility) continue;
    if (visit !== undefined && past.visitNumber !== visit) continue;
    found.set(past.subscriberId, past); // oldest first, so the latest wins
  }
  return found;
}

function isReadmission(input: RoutingInput): boolean {
  if (input.event.event !== 'admission' || input.lastDischargeAt === undefined) return false;
  const admittedAt = Date.parse(input.event.encounter?.admittedAt ?? input.event.occurredAt);
  const dischargedAt = Date.parse(input.lastDischargeAt);
  return admittedAt >= dischargedAt && admittedAt - dischargedAt <= 30 * DAY_MS;
}

export function route(input: RoutingInput): RoutedAlert[] {
  const { event } = input;
  const knownBy = new Map<string, { relationship: Relationship; localId?: string }>();
  for (const entry of input.rosterHolders)
    knownBy.set(entry.subscriberId, { relationship: 'roster', localId: entry.localId });
  const practice = event.registeredGp?.practiceCode;
  for (const subscriber of input.subscribers) {
    if (practice !== undefined && subscriber.practice === practice && !knownBy.has(subscriber.id)) {
      knownBy.set(subscriber.id, { relationship: 'practice' });
    }
  }

  const cancelled = CANCELS[event.event];
  const retracting = cancelled === undefined ? undefined : withdrawn(input, cancelled);
  const died = event.event === 'death';
  const discharge = event.event === 'discharge' || died;
  const flags = isReadmission(input) ? ['readmission-30d'] : [];

  const alerts: RoutedAlert[] = [];
  for (const subscriber of input.subscribers) {
    const known = knownBy.get(subscriber.id);
    if (known === undefined || !subscriber.events.includes(event.event)) continue;
    const retracts = retracting?.get(subscriber.id)?.id;
    if (retracting !== undefined && retracts === undefined) continue;
    alerts.push({
      id: alertId(input.messageKey, subscriber.id, event.event),
      subscriberId: subscriber.id,
      relationship: known.relationship,
      event: event.event,
      localId: known.localId,
      flags,
      dischargeCategory: discharge
        ? dischargeCategory(event.encounter?.dischargeDestination, died)
        : undefined,
      retracts,
    });
  }
  return alerts;
}
