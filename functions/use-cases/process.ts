// Process: one accepted message → who it is about → who must be told. Idempotent per message:
// a message already processed is skipped, and alert ids are stable, so a retry never makes an
// alert twice. A possible match alerts no one and goes on the review list.
import { createHash } from 'node:crypto';
import { buildAlertPayload } from '../core/alerts/payload.ts';
import { matchPerson, probeFromPatient } from '../core/matching/index.ts';
import type { MatchResult } from '../core/matching/types.ts';
import type { AdtEvent } from '../core/normalise/adt-event.ts';
import { route } from '../core/routing/route.ts';
import type { PastAlert } from '../core/routing/types.ts';
import type {
  AlertDispatcher,
  AlertStore,
  Clock,
  PersonStore,
  ProcessDecision,
  ProcessedMessages,
  QueuedMessage,
  SubscriberDirectory,
} from './ports.ts';
import type { RegistrySnapshot } from './registry-snapshot.ts';

export interface ProcessDependencies {
  /** In alert sources: `adt-hub/<deployment>`. */
  deployment: string;
  messages: ProcessedMessages;
  registry: RegistrySnapshot;
  people: PersonStore;
  subscribers: SubscriberDirectory;
  alerts: AlertStore;
  dispatcher: AlertDispatcher;
  clock: Clock;
  /** Days an alert is kept. */
  retentionDays: number;
}

export type ProcessOutcome = ProcessDecision['outcome'] | 'already-processed';

export interface ProcessResult {
  outcome: ProcessOutcome;
  method?: MatchResult['method'];
  alerts: number;
}

/** How many earlier alerts about a person are kept for cancels. */
const PAST_ALERTS_KEPT = 50;

/**
 * The hub's id for someone no roster matched, so a practice subscriber's alerts and the person's
 * history still hang together: the NHS number, else a hash of the hospital's own number.
 */
function unmatchedPersonId(event: AdtEvent): string {
  if (event.patient?.nhsNumber !== undefined) return event.patient.nhsNumber;
  const local =
    event.patient?.identifiers.find((id) => id.type?.toUpperCase() === 'MR') ?? event.patient?.identifiers[0];
  const key = `${event.sendingFacility}|${local?.authority ?? ''}|${local?.value ?? ''}`;
  return `h-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** PID-3 (and MRG-1) identifiers the hub can learn: hospital numbers, not NHS numbers. */
function hospitalIdentifiers(event: AdtEvent, ids = event.patient?.identifiers ?? []): string[] {
  return ids
    .filter(
      (id) =>
        id.authority !== undefined && id.type?.toUpperCase() !== 'NH' && id.authority.toUpperCase() !== 'NHS',
    )
    .map((id) => `${(id.authority as string).toUpperCase()}:${id.value}`);
}

export async function processMessage(
  message: QueuedMessage,
  deps: ProcessDependencies,
): Promise<ProcessResult> {
  const { event, messageKey } = message;
  if (await deps.messages.isProcessed(messageKey)) return { outcome: 'already-processed', alerts: 0 };
  const now = deps.clock.now();
  const decision = (result: Omit<ProcessDecision, 'processedAt'>): ProcessDecision => ({
    ...result,
    processedAt: now.toISOString(),
  });

  if (event.patient === undefined) {
    await deps.messages.markProcessed(
      messageKey,
      decision({ outcome: 'no-patient', score: 0, evidence: [], reasons: [], alertIds: [] }),
    );
    return { outcome: 'no-patient', alerts: 0 };
  }

  const registry = await deps.registry.get();
  const match = matchPerson(probeFromPatient(event.patient), registry.index);
  const base = {
    outcome: match.outcome,
    method: match.method,
    score: match.score,
    evidence: match.evidence,
    reasons: match.reasons,
  };

  if (match.outcome === 'possible') {
    await deps.people.addToReview({
      messageKey,
      controlId: event.controlId,
      sendingFacility: event.sendingFacility,
      receivedAt: message.receivedAt,
      score: match.score,
      candidatePersonId: match.candidate?.personId,
      reasons: match.reasons,
    });
    await deps.messages.markProcessed(messageKey, decision({ ...base, alertIds: [] }));
    return { outcome: 'possible', method: match.method, alerts: 0 };
  }

  const matchedPersonId = match.outcome === 'matched' ? match.candidate?.personId : undefined;
  const personId = matchedPersonId ?? unmatchedPersonId(event);
  const [state, subscribers] = await Promise.all([deps.people.load(personId), deps.subscribers.list()]);
  const routed = route({
    event,
    messageKey,
    rosterOf: matchedPersonId === undefined ? [] : registry.rosterOf(matchedPersonId),
    subscribers,
    pastAlerts: state.pastAlerts,
    lastDischargeAt: state.lastDischargeAt,
  });

  const expiresAt = Math.floor(now.getTime() / 1000) + deps.retentionDays * 24 * 60 * 60;
  const byId = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber]));
  for (const alert of routed) {
    const sequence = await deps.people.nextSequence(personId, alert.subscriberId);
    const payload = buildAlertPayload(
      {
        ...alert,
        personId,
        sequence,
        match:
          matchedPersonId === undefined || match.method === undefined
            ? undefined
            : { method: match.method, score: match.score },
        receivedAt: message.receivedAt,
      },
      event,
      deps.deployment,
    );
    // Saved before it is dispatched; a retry finds the first (with its sequence) and sends that.
    const stored = await deps.alerts.save({
      ...alert,
      personId,
      sequence,
      messageKey,
      receivedAt: message.receivedAt,
      payloadJson: JSON.stringify(payload),
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt,
    });
    // A subscriber without a channel keeps its alerts pending until it has one.
    const subscriber = byId.get(alert.subscriberId);
    if (subscriber?.delivery !== undefined && stored.status === 'pending') {
      await deps.dispatcher.dispatch(stored, subscriber);
      // On the subscriber's own queue is delivered; a webhook is delivered when its POST succeeds.
      if (subscriber.delivery.kind === 'sqs') {
        await deps.alerts.recordAttempt(
          stored.id,
          { at: now.toISOString(), result: 'delivered', latencyMs: 0 },
          'delivered',
        );
      }
    }
  }

  const isDischarge = event.event === 'discharge' || event.event === 'death';
  if (routed.length > 0 || isDischarge) {
    const sent: PastAlert[] = routed.map((alert) => ({
      id: alert.id,
      subscriberId: alert.subscriberId,
      event: alert.event,
      sendingFacility: event.sendingFacility,
      visitNumber: event.encounter?.visitNumber,
      occurredAt: event.occurredAt,
    }));
    await deps.people.save(personId, {
      pastAlerts: [...state.pastAlerts, ...sent].slice(-PAST_ALERTS_KEPT),
      lastDischargeAt: isDischarge
        ? (event.encounter?.dischargedAt ?? event.occurredAt)
        : state.lastDischargeAt,
    });
  }

  if (matchedPersonId !== undefined) {
    // A confident match teaches the hub this hospital's numbers for the person; a merge (A34–A40)
    // points the merged-away numbers at them too.
    const learned = [
      ...hospitalIdentifiers(event),
      ...hospitalIdentifiers(event, event.mergedIdentifiers ?? []),
    ];
    for (const identifier of learned) {
      // Most messages repeat what the hub already knows: write only what is new.
      if (registry.index.learnedPersonId(identifier) === matchedPersonId) continue;
      await deps.people.learnIdentifier(identifier, matchedPersonId);
      registry.index.learnIdentifier(identifier, matchedPersonId);
    }
  }

  await deps.messages.markProcessed(
    messageKey,
    decision({ ...base, personId, alertIds: routed.map((alert) => alert.id) }),
  );
  return { outcome: match.outcome, method: match.method, alerts: routed.length };
}
