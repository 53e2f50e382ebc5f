// Process: one accepted message → who it is about → who must be told, and telling them (each alert
// through send-alert.ts). Idempotent per message: the person's state records the messages whose
// alerts are out, and alert ids are stable, so a message processed again alerts no one twice (a
// webhook whose POST succeeded just before a crash may see the same alert id again; receivers
// deduplicate on it).
//
// Nobody is told about the wrong person (ARCHITECTURE §4.5): a subscriber hears through its roster
// only when its own row for the person agrees with the message (core/matching/corroborate.ts); a
// row that conflicts, a possible match, and a hospital number the hub learned for someone else all
// go on the review list instead, for a person to decide.
import { type AlertMatchMethod, buildAlertPayload } from '../core/alerts/payload.ts';
import { sha256Hex } from '../core/hash.ts';
import {
  judgeRows,
  learnedKey,
  matchPerson,
  probeFromPatient,
  type RowVerdict,
} from '../core/matching/index.ts';
import { identifierKey } from '../core/matching/person.ts';
import type { RosterIndex } from '../core/matching/roster-index.ts';
import type { MatchResult } from '../core/matching/types.ts';
import type { AdtEvent, Identifier } from '../core/normalise/adt-event.ts';
import type { AdtEventName } from '../core/normalise/events.ts';
import { hospitalNumber } from '../core/normalise/hospital-number.ts';
import { route } from '../core/routing/route.ts';
import type { PastAlert, RoutedAlert } from '../core/routing/types.ts';
import type {
  DeliveredAlert,
  DeliveryAttempt,
  LearnedIdentifiers,
  PersonState,
  PersonStore,
  ProcessDecision,
  ProcessedMessages,
  QueuedMessage,
  ReviewItem,
  ReviewList,
  StoredAlert,
  SubscriberDirectory,
  SubscriberRecord,
} from './ports/index.ts';
import { pairFingerprint, reviewItem } from './review-items.ts';
import type { RosterSnapshot, RosterView } from './roster-snapshot.ts';
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

export type ProcessOutcome = ProcessDecision['outcome'] | 'already-processed' | 'held';

export interface ProcessResult {
  outcome: ProcessOutcome;
  method?: MatchResult['method'];
  alerts: number;
  /** Questions put on the review list. */
  reviews?: number;
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

/** The hub's id for someone no roster holds, from one of the hospital's numbers for them. */
function hospitalPersonId(facility: string, id: Identifier | undefined): string {
  return `h-${sha256Hex(`${facility}|${id?.authority ?? ''}|${id?.value ?? ''}`).slice(0, 32)}`;
}

/**
 * The hub's id for someone no roster matched, so a practice subscriber's alerts and the person's
 * history still hang together: the NHS number, else a hash of the hospital's own number.
 */
function unmatchedPersonId(event: AdtEvent): string {
  if (event.patient?.nhsNumber !== undefined) return event.patient.nhsNumber;
  return hospitalPersonId(event.sendingFacility, hospitalNumber(event.patient));
}

/** PID-3 (or MRG-1) identifiers the hub can learn: hospital numbers, not NHS numbers. */
function hospitalIdentifiers(ids: readonly Identifier[]): Identifier[] {
  return ids.filter(
    (id) =>
      id.authority !== undefined && id.type?.toUpperCase() !== 'NH' && id.authority.toUpperCase() !== 'NHS',
  );
}

/** A hospital number as the hub learns it: scoped by the facility that sent it. */
export function learnedKeyOf(facility: string, id: Identifier): string {
  return learnedKey(facility, identifierKey(id.authority as string, id.value));
}

/**
 * Learns hospital numbers for a confidently matched person: only those this container does not
 * already know for them (most messages repeat what the hub knows), each written on condition that
 * nobody else holds it, so a number is never re-pointed silently. How many are held by someone else.
 */
async function learnNumbers(
  keys: readonly string[],
  personId: string,
  index: Pick<RosterIndex, 'learnedPersonId' | 'learnIdentifier'>,
  learned: LearnedIdentifiers,
): Promise<number> {
  let heldByOthers = 0;
  for (const key of keys) {
    const known = index.learnedPersonId(key);
    if (known === personId) continue;
    if (known !== undefined) {
      heldByOthers++;
      continue;
    }
    const { heldBy } = await learned.learn(key, personId);
    if (heldBy === undefined) index.learnIdentifier(key, personId);
    else {
      index.learnIdentifier(key, heldBy);
      heldByOthers++;
    }
  }
  return heldByOthers;
}

/** One row per subscriber: the first that agrees; and the subscribers whose rows all conflict. */
function perSubscriber(verdicts: readonly RowVerdict[]) {
  const agreeing = new Map<string, RowVerdict>();
  const conflicting = new Map<string, RowVerdict>();
  for (const verdict of verdicts) {
    const subscriberId = verdict.record.subscriberId;
    if (subscriberId === undefined) continue;
    if (verdict.agrees) {
      if (!agreeing.has(subscriberId)) agreeing.set(subscriberId, verdict);
    } else if (!conflicting.has(subscriberId)) conflicting.set(subscriberId, verdict);
  }
  for (const subscriberId of agreeing.keys()) conflicting.delete(subscriberId);
  return { agreeing, conflicting };
}

function holdersOf(rosters: RosterView, personId: string) {
  return rosters.subscribersHolding(personId).map(({ subscriberId, localId, line }) => ({
    id: subscriberId,
    ...(localId !== undefined && { localId }),
    ...(line !== undefined && { line }),
  }));
}

/** Two people's state as one, after a merge: every earlier alert, sequences never going back. */
function combine(into: PersonState, from: PersonState): PersonState {
  const sequences = { ...from.sequences };
  for (const [subscriberId, sequence] of Object.entries(into.sequences ?? {}))
    sequences[subscriberId] = Math.max(sequence, sequences[subscriberId] ?? 0);
  const dischargedAt = [into.lastDischargeAt, from.lastDischargeAt].filter((at) => at !== undefined).sort();
  return {
    ...into,
    pastAlerts: [...from.pastAlerts, ...into.pastAlerts]
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
      .slice(-PAST_ALERTS_KEPT),
    sequences,
    queuedBehind: { ...from.queuedBehind, ...into.queuedBehind },
    recentMessages: [...new Set([...(from.recentMessages ?? []), ...(into.recentMessages ?? [])])].slice(
      -RECENT_MESSAGES_KEPT,
    ),
    ...(dischargedAt.length > 0 && { lastDischargeAt: dischargedAt.at(-1) }),
  };
}

/**
 * `heldBack`, when given, says whether the message must wait behind its patient's message in the
 * dead-letter queue: then nothing is done, and the result is `held`. It is asked with the first read
 * of the person, before anything is written, so storage can answer both at once.
 */
export async function processMessage(
  message: QueuedMessage,
  deps: ProcessDependencies,
  heldBack?: () => Promise<boolean>,
): Promise<ProcessResult> {
  const { event, messageKey } = message;
  const now = deps.clock.now();
  const decision = (result: Omit<ProcessDecision, 'processedAt'>): ProcessDecision => ({
    ...result,
    processedAt: now.toISOString(),
  });
  const ask = (item: Parameters<typeof reviewItem>[2], kind: ReviewItem['kind']) =>
    deps.review.add(reviewItem(message, kind, item, now));

  if (event.patient === undefined) {
    if (await heldBack?.()) return { outcome: 'held', alerts: 0 };
    await deps.messages.markProcessed(
      messageKey,
      decision({ outcome: 'no-patient', score: 0, evidence: [], reasons: [], alertIds: [] }),
    );
    return { outcome: 'no-patient', alerts: 0 };
  }

  const rosters = await deps.rosters.get();
  const probe = probeFromPatient(event.patient, event.sendingFacility);
  let match = matchPerson(probe, rosters.index);
  if (match.outcome !== 'matched') {
    // The match may rest on a hospital number this container has not seen learned (by another
    // container, or a review decision): those are read, and the message matched again. A
    // confident match needs no read: its numbers are learned below on condition, which finds one
    // learned for someone else. Once seen, a container keeps them.
    const unknown = hospitalIdentifiers(event.patient.identifiers)
      .map((id) => learnedKeyOf(event.sendingFacility, id))
      .filter((key) => rosters.index.learnedPersonId(key) === undefined);
    const found = unknown.length > 0 ? await deps.learned.lookup(unknown) : new Map<string, string>();
    for (const [key, personId] of found) rosters.index.learnIdentifier(key, personId);
    if (found.size > 0) match = matchPerson(probe, rosters.index);
  }
  const number = hospitalNumber(event.patient);
  if (match.outcome === 'possible' && match.candidate !== undefined && number?.authority !== undefined) {
    // A reviewer said this candidate is not this hospital's patient: not asked again unless
    // either side's details changed.
    const rejected = await deps.review.wasRejected({
      hospitalNumber: learnedKeyOf(event.sendingFacility, number),
      personId: match.candidate.personId,
      detailsFingerprint: pairFingerprint(probe, match.candidate),
    });
    if (rejected)
      match = {
        outcome: 'unmatched',
        score: match.score,
        evidence: match.evidence,
        reasons: ['A reviewer rejected this candidate'],
      };
  }
  const base = {
    outcome: match.outcome,
    method: match.method,
    score: match.score,
    evidence: match.evidence,
    reasons: match.reasons,
  };
  const matchedPersonId = match.outcome === 'matched' ? match.candidate?.personId : undefined;
  const personId = matchedPersonId ?? unmatchedPersonId(event);
  const [state, subscribers, held] = await Promise.all([
    deps.people.load(personId),
    deps.subscribers.list(),
    heldBack?.() ?? false,
  ]);
  if (held) return { outcome: 'held', alerts: 0 };

  if (match.outcome === 'possible') {
    const candidateId = match.candidate?.personId;
    await ask(
      {
        score: match.score,
        reasons: match.reasons,
        evidence: match.evidence,
        ...(candidateId !== undefined && {
          candidate: { personId: candidateId, subscribers: holdersOf(rosters, candidateId) },
        }),
        ...(candidateId !== undefined &&
          number?.authority !== undefined &&
          match.candidate !== undefined && {
            pair: {
              hospitalNumber: learnedKeyOf(event.sendingFacility, number),
              personId: candidateId,
              detailsFingerprint: pairFingerprint(probe, match.candidate),
            },
          }),
      },
      'possible-match',
    );
    await deps.messages.markProcessed(messageKey, decision({ ...base, alertIds: [] }));
    return { outcome: 'possible', method: match.method, alerts: 0, reviews: 1 };
  }

  if (matchedPersonId !== undefined) {
    // A confident match teaches the hub this facility's numbers for the person, before anyone is
    // told: a number the hub learned for someone else (known here, or found by the conditional
    // write) means the hospital's own record says one person and the match another. Nobody is
    // told until a person decides.
    const heldByOthers = await learnNumbers(
      hospitalIdentifiers(event.patient.identifiers).map((id) => learnedKeyOf(event.sendingFacility, id)),
      matchedPersonId,
      rosters.index,
      deps.learned,
    );
    if (heldByOthers > 0) {
      const reasons = [
        `The hospital number sent by ${event.sendingFacility} was learned for another person; this message matches someone else`,
      ];
      await ask(
        {
          score: match.score,
          reasons,
          evidence: match.evidence,
          candidate: { personId: matchedPersonId, subscribers: holdersOf(rosters, matchedPersonId) },
        },
        'identifier-conflict',
      );
      await deps.messages.markProcessed(
        messageKey,
        decision({ ...base, outcome: 'possible', reasons, personId: matchedPersonId, alertIds: [] }),
      );
      return { outcome: 'possible', method: match.method, alerts: 0, reviews: 1 };
    }
  }

  // Each subscriber's own row must agree with the message; a row that conflicts goes to review.
  const { agreeing, conflicting } = perSubscriber(judgeRows(probe, match, rosters.index));
  if (state.recentMessages?.includes(messageKey)) {
    // Its alerts went out before a failure; the decision may not have been written yet.
    await deps.messages.markProcessed(messageKey, decision({ ...base, personId, alertIds: [] }), {
      keepExisting: true,
    });
    return { outcome: 'already-processed', alerts: 0 };
  }
  for (const [subscriberId, verdict] of conflicting) {
    await ask(
      {
        score: match.score,
        reasons: [verdict.reason ?? 'The subscriber’s row disagrees with the message'],
        evidence: verdict.evidence,
        ...(number?.authority !== undefined && {
          pair: {
            hospitalNumber: learnedKeyOf(event.sendingFacility, number),
            personId,
            subscriberId,
            detailsFingerprint: pairFingerprint(probe, verdict.record),
          },
        }),
        candidate: {
          personId,
          subscribers: [
            {
              id: subscriberId,
              ...(verdict.record.localIds[0] !== undefined && { localId: verdict.record.localIds[0] }),
              ...(verdict.record.line !== undefined && { line: verdict.record.line }),
            },
          ],
        },
      },
      'row-conflict',
    );
  }

  // A merge (A34–A40) from this facility: the merged-away numbers' history becomes this person's,
  // so a later cancel still finds the alert it withdraws.
  const mergedNumbers = hospitalIdentifiers(event.mergedIdentifiers ?? []);
  const mergedFrom = mergedNumbers.map(
    (id) =>
      rosters.index.learnedPersonId(learnedKeyOf(event.sendingFacility, id)) ??
      hospitalPersonId(event.sendingFacility, id),
  );
  const sent = await sendAlertsFor(
    {
      message,
      personId,
      state,
      subscribers,
      rosterHolders: [...agreeing].map(([subscriberId, verdict]) => ({
        subscriberId,
        localId: verdict.record.localIds[0],
      })),
      match:
        matchedPersonId === undefined || match.method === undefined
          ? undefined
          : { method: match.method, score: match.score },
      mergedFrom,
      marker: messageKey,
    },
    deps,
  );
  const { routed, delivered, webhookAttempts } = sent;

  const reviews = conflicting.size;
  if (matchedPersonId !== undefined) {
    // A merge from this facility points its merged-away numbers at the person too, on purpose.
    for (const id of mergedNumbers) {
      const key = learnedKeyOf(event.sendingFacility, id);
      if (rosters.index.learnedPersonId(key) === matchedPersonId) continue;
      await deps.learned.learn(key, matchedPersonId, { repoint: true });
      rosters.index.learnIdentifier(key, matchedPersonId);
    }
  }

  await deps.messages.markProcessed(
    messageKey,
    decision({
      ...base,
      personId,
      alertIds: routed.map((alert) => alert.id),
      delivered: delivered.length > 0 ? delivered : undefined,
      ...(conflicting.size > 0 && {
        reasons: [...base.reasons, ...[...conflicting.values()].map((v) => v.reason ?? 'A row conflicts')],
      }),
    }),
  );
  return {
    outcome: match.outcome,
    method: match.method,
    alerts: routed.length,
    ...(reviews > 0 && { reviews }),
    webhookAttempts,
    alertEvents: routed.map((alert) => alert.event),
    delivered: delivered.length,
  };
}

export interface AlertPlan {
  message: QueuedMessage;
  personId: string;
  /** The person's state as loaded (with its version), and the subscribers, when the caller has them. */
  state?: PersonState;
  subscribers?: SubscriberRecord[];
  /** The subscribers that hear through their roster (rows that agree, or that a reviewer accepted). */
  rosterHolders: { subscriberId: string; localId?: string }[];
  match?: { method: AlertMatchMethod; score: number };
  /** Only these subscribers' alerts (a decision about one subscriber's row); every one routed otherwise. */
  only?: ReadonlySet<string>;
  /** People whose history a merge makes this person's. */
  mergedFrom?: readonly string[];
  /** What marks these alerts as out in the person's state, so that doing it again alerts no one. */
  marker: string;
}

/**
 * Routes a message's alerts for a person, sends each, and saves the person's state: the part of
 * processing a message that a review decision does again, for the subscribers it decided.
 */
export async function sendAlertsFor(
  plan: AlertPlan,
  deps: Omit<ProcessDependencies, 'rosters' | 'learned' | 'review' | 'messages'>,
): Promise<{
  routed: RoutedAlert[];
  delivered: DeliveredAlert[];
  webhookAttempts: NonNullable<ProcessResult['webhookAttempts']>;
  already: boolean;
}> {
  const { message, personId } = plan;
  const { event, messageKey } = message;
  const now = deps.clock.now();
  let [state, subscribers] = await Promise.all([
    plan.state ?? deps.people.load(personId),
    plan.subscribers ?? deps.subscribers.list(),
  ]);
  if (state.recentMessages?.includes(plan.marker))
    return { routed: [], delivered: [], webhookAttempts: [], already: true };

  const mergedFrom: { personId: string; state: PersonState }[] = [];
  for (const from of plan.mergedFrom ?? []) {
    if (from === personId || mergedFrom.some((m) => m.personId === from)) continue;
    const fromState = await deps.people.load(from);
    if (fromState.version === 0 || fromState.mergedInto !== undefined) continue;
    mergedFrom.push({ personId: from, state: fromState });
    state = combine(state, fromState);
  }

  const routed = route({
    event,
    messageKey,
    rosterHolders: plan.rosterHolders,
    subscribers,
    pastAlerts: state.pastAlerts,
    lastDischargeAt: state.lastDischargeAt,
  }).filter((alert) => plan.only === undefined || plan.only.has(alert.subscriberId));

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
      { ...alert, personId, sequence, match: plan.match, receivedAt: message.receivedAt },
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
    const sent = await sendAlert(stored, byId.get(alert.subscriberId), queuedBehind, deps, {
      mayRepeat: message.requeued === true,
    });
    if (sent.delivered !== undefined) delivered.push(sent.delivered);
    if (sent.attempt !== undefined)
      webhookAttempts.push({ alertId: stored.id, subscriberId: stored.subscriberId, outcome: sent.attempt });
  }

  const isDischarge = event.event === 'discharge' || event.event === 'death';
  if (routed.length > 0 || isDischarge || mergedFrom.length > 0) {
    const past: PastAlert[] = routed.map((alert) => ({
      id: alert.id,
      subscriberId: alert.subscriberId,
      event: alert.event,
      sendingFacility: event.sendingFacility,
      visitNumber: event.encounter?.visitNumber,
      occurredAt: event.occurredAt,
    }));
    const next: PersonState = {
      ...state,
      pastAlerts: [...state.pastAlerts, ...past].slice(-PAST_ALERTS_KEPT),
      lastDischargeAt: isDischarge
        ? (event.encounter?.dischargedAt ?? event.occurredAt)
        : state.lastDischargeAt,
      sequences,
      queuedBehind,
      recentMessages: [...(state.recentMessages ?? []), plan.marker].slice(-RECENT_MESSAGES_KEPT),
    };
    // The commit: from here a repeat is recognised. Someone else's save since the load (another
    // hospital's message about the same person) fails it, and it is retried.
    await deps.people.save(personId, next);
    // The merged-away people keep nothing a later message could alert from twice.
    for (const from of mergedFrom) {
      await deps.people
        .save(from.personId, { pastAlerts: [], mergedInto: personId, version: from.state.version })
        .catch(() => undefined);
    }
  }
  return { routed, delivered, webhookAttempts, already: false };
}
