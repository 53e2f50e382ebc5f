// Process: one accepted message → who it is about → who must be told, and telling them (each
// alert through send-alert.ts). Idempotent per message: the person's state records
// the messages whose alerts are out, and alert ids are stable, so a message processed again
// alerts no one twice (a webhook whose POST succeeded just before a crash may see the same alert
// id again; receivers deduplicate on it). A possible match alerts no one and goes on the review
// list.
import { buildAlertPayload } from '../core/alerts/payload.ts';
import { sha256Hex } from '../core/hash.ts';
import { matchPerson, probeFromPatient } from '../core/matching/index.ts';
import type { MatchResult } from '../core/matching/types.ts';
import type { AdtEvent } from '../core/normalise/adt-event.ts';
import type { AdtEventName } from '../core/normalise/events.ts';
import { hospitalNumber } from '../core/normalise/hospital-number.ts';
import { route } from '../core/routing/route.ts';
import type { PastAlert } from '../core/routing/types.ts';
import type {
  DeliveredAlert,
  DeliveryAttempt,
  LearnedIdentifiers,
  PersonState,
  PersonStore,
  ProcessDecision,
  ProcessedMessages,
  QueuedMessage,
  ReviewList,
  StoredAlert,
  SubscriberDirectory,
} from './ports/index.ts';
import type { RosterSnapshot } from './roster-snapshot.ts';
import { type SendAlertDependencies, sendAlert } from './send-alert.ts';

export interface ProcessDependencies extends SendAlertDependencies {
  /** In alert sources: `adt-hub/<deployment>`. */
  deployment: string;
  messages: ProcessedMessages;
  rosters: RosterSnapshot;
  people: PersonStore;
  learned: LearnedIdentifiers;
  review: ReviewList;
  subscribers: SubscriberDirectory;
  /** Days an alert is kept. */
  retentionDays: number;
}

export type ProcessOutcome = ProcessDecision['outcome'] | 'already-processed';

export interface ProcessResult {
  outcome: ProcessOutcome;
  method?: MatchResult['method'];
  alerts: number;
  /** The webhook attempts made here, for the logs and metrics (ids only). */
  webhookAttempts?: { alertId: string; subscriberId: string; outcome: DeliveryAttempt['result'] }[];
  /** The event of each alert made, for the metrics. */
  alertEvents?: AdtEventName[];
  /** How many of them were delivered here (webhooks at the first attempt, SQS subscribers). */
  delivered?: number;
}

/** How many earlier alerts about a person are kept for cancels. */
const PAST_ALERTS_KEPT = 50;
/** How many of a person's processed messages are remembered, to recognise one seen again. */
const RECENT_MESSAGES_KEPT = 20;

/**
 * The hub's id for someone no roster matched, so a practice subscriber's alerts and the person's
 * history still hang together: the NHS number, else a hash of the hospital's own number.
 */
function unmatchedPersonId(event: AdtEvent): string {
  if (event.patient?.nhsNumber !== undefined) return event.patient.nhsNumber;
  const local = hospitalNumber(event.patient);
  const key = `${event.sendingFacility}|${local?.authority ?? ''}|${local?.value ?? ''}`;
  return `h-${sha256Hex(key).slice(0, 32)}`;
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

  const rosters = await deps.rosters.get();
  const match = matchPerson(probeFromPatient(event.patient), rosters.index);
  const base = {
    outcome: match.outcome,
    method: match.method,
    score: match.score,
    evidence: match.evidence,
    reasons: match.reasons,
  };

  if (match.outcome === 'possible') {
    await deps.review.add({
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
  if (state.recentMessages?.includes(messageKey)) {
    // Its alerts went out before a failure; the decision may not have been written yet.
    await deps.messages.markProcessed(messageKey, decision({ ...base, personId, alertIds: [] }), {
      keepExisting: true,
    });
    return { outcome: 'already-processed', alerts: 0 };
  }
  const routed = route({
    event,
    messageKey,
    rosterHolders: matchedPersonId === undefined ? [] : rosters.subscribersHolding(matchedPersonId),
    subscribers,
    pastAlerts: state.pastAlerts,
    lastDischargeAt: state.lastDischargeAt,
  });

  const expiresAt = Math.floor(now.getTime() / 1000) + deps.retentionDays * 24 * 60 * 60;
  const byId = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber]));
  const sequences = { ...state.sequences };
  const queuedBehind = { ...state.queuedBehind };
  const delivered: DeliveredAlert[] = [];
  const webhookAttempts: NonNullable<ProcessResult['webhookAttempts']> = [];
  for (const alert of routed) {
    const sequence = (sequences[alert.subscriberId] ?? 0) + 1;
    sequences[alert.subscriberId] = sequence;
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
    const stored: StoredAlert = {
      ...alert,
      personId,
      sequence,
      messageKey,
      receivedAt: message.receivedAt,
      payloadJson: JSON.stringify(payload),
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt,
    };
    const sent = await sendAlert(stored, byId.get(alert.subscriberId), queuedBehind, deps);
    if (sent.delivered !== undefined) delivered.push(sent.delivered);
    if (sent.attempt !== undefined)
      webhookAttempts.push({ alertId: stored.id, subscriberId: stored.subscriberId, outcome: sent.attempt });
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
    const next: PersonState = {
      pastAlerts: [...state.pastAlerts, ...sent].slice(-PAST_ALERTS_KEPT),
      lastDischargeAt: isDischarge
        ? (event.encounter?.dischargedAt ?? event.occurredAt)
        : state.lastDischargeAt,
      sequences,
      queuedBehind,
      recentMessages: [...(state.recentMessages ?? []), messageKey].slice(-RECENT_MESSAGES_KEPT),
      version: state.version,
    };
    // The commit: from here a repeat of this message is recognised. Someone else's save since
    // the load (another hospital's message about the same person) fails it, and it is retried.
    await deps.people.save(personId, next);
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
      if (rosters.index.learnedPersonId(identifier) === matchedPersonId) continue;
      await deps.learned.learn(identifier, matchedPersonId);
      rosters.index.learnIdentifier(identifier, matchedPersonId);
    }
  }

  await deps.messages.markProcessed(
    messageKey,
    decision({
      ...base,
      personId,
      alertIds: routed.map((alert) => alert.id),
      delivered: delivered.length > 0 ? delivered : undefined,
    }),
  );
  return {
    outcome: match.outcome,
    method: match.method,
    alerts: routed.length,
    webhookAttempts,
    alertEvents: routed.map((alert) => alert.event),
    delivered: delivered.length,
  };
}
