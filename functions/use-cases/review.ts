// The review list and its decisions (ARCHITECTURE §4.6). Accepting sends the message's alerts to the
// subscribers holding the candidate, exactly as a match would have (events, cancels, sequences,
// flags), with `match.method` = `review`, and teaches the hub the hospital number for that facility.
// Rejecting sends nothing and remembers the pair. A decision is written once (a conditional write):
// a second reviewer is told who decided and when. Every decision is in the audit trail.
import type { FieldEvidence, PersonRecord } from '../core/matching/types.ts';
import type { AdtEvent } from '../core/normalise/adt-event.ts';
import { hospitalNumber } from '../core/normalise/hospital-number.ts';
import { recordAction } from './audit.ts';
import { UseCaseError } from './errors.ts';
import type {
  AuditTrail,
  Clock,
  LearnedIdentifiers,
  MessageHistory,
  ProcessedMessages,
  ReviewDecision,
  ReviewItem,
  ReviewList,
} from './ports/index.ts';
import { learnedKeyOf, type ProcessDependencies, sendAlertsFor } from './process.ts';
import type { RosterSnapshot } from './roster-snapshot.ts';

export class ReviewError extends UseCaseError {
  override readonly name = 'ReviewError';
}

/** A review item undecided this long is overdue (a metric, and marked in lists). */
export const OVERDUE_HOURS = 24;

export function ageHours(item: ReviewItem, now: Date): number {
  return (now.getTime() - Date.parse(item.receivedAt)) / 3_600_000;
}

/** How many review items have waited longer than OVERDUE_HOURS for a decision. */
export async function overdueCount(deps: {
  review: Pick<ReviewList, 'list'>;
  clock: Clock;
}): Promise<number> {
  const now = deps.clock.now();
  return (await deps.review.list()).filter((item) => ageHours(item, now) > OVERDUE_HOURS).length;
}

export async function listReview(deps: { review: ReviewList }): Promise<ReviewItem[]> {
  return deps.review.list();
}

export interface ReviewDependencies
  extends Omit<ProcessDependencies, 'messages' | 'rosters' | 'learned' | 'review'> {
  review: ReviewList;
  history: Pick<MessageHistory, 'get'>;
  messages: ProcessedMessages;
  rosters: RosterSnapshot;
  learned: LearnedIdentifiers;
  audit: AuditTrail;
}

export type DecisionOutcome =
  | { ok: true; alerts: number }
  | { ok: false; alreadyDecided: { outcome: ReviewDecision['outcome']; by: string; at: string } };

async function itemAndMessage(id: string, deps: Pick<ReviewDependencies, 'review' | 'history'>) {
  const item = await deps.review.get(id);
  if (item === undefined) throw new ReviewError(`no review item ${id}`);
  const stored = await deps.history.get(item.messageKey);
  if (stored === undefined) throw new ReviewError(`the message of review item ${id} is no longer kept`);
  return { item, stored, event: JSON.parse(stored.eventJson) as AdtEvent };
}

async function decide(
  item: ReviewItem,
  outcome: ReviewDecision['outcome'],
  reason: string,
  actor: string,
  deps: Pick<ReviewDependencies, 'review' | 'clock'>,
): Promise<DecisionOutcome | undefined> {
  if (reason.trim() === '') throw new ReviewError('a decision needs a reason');
  const decision: ReviewDecision = {
    outcome,
    by: actor,
    at: deps.clock.now().toISOString(),
    reason: reason.trim(),
  };
  const written = await deps.review.decide(item.id, decision);
  if (written.decided) return undefined;
  const { outcome: already, by, at } = written.decision;
  return { ok: false, alreadyDecided: { outcome: already, by, at } };
}

export async function acceptReview(
  id: string,
  reason: string,
  actor: string,
  deps: ReviewDependencies,
): Promise<DecisionOutcome> {
  const { item, stored, event } = await itemAndMessage(id, deps);
  const candidate = item.candidate;
  if (candidate === undefined) throw new ReviewError(`review item ${id} has no candidate to accept`);
  const refused = await decide(item, 'accepted', reason, actor, deps);
  if (refused !== undefined) return refused;

  const rosters = await deps.rosters.get();
  // A row conflict is about one subscriber's row; the others are about the person.
  const oneRow = item.kind === 'row-conflict';
  const holders = oneRow
    ? candidate.subscribers.map(({ id: subscriberId, localId }) => ({ subscriberId, localId }))
    : rosters.subscribersHolding(candidate.personId);
  const sent = await sendAlertsFor(
    {
      message: {
        messageKey: stored.messageKey,
        receivedAt: stored.receivedAt,
        senderId: stored.senderId,
        event,
      },
      personId: candidate.personId,
      rosterHolders: holders,
      match: { method: 'review', score: 1 },
      ...(oneRow && { only: new Set(candidate.subscribers.map((s) => s.id)) }),
      // Accepting twice alerts no one twice: the decision has a mark of its own in the person's state.
      marker: `${stored.messageKey}#review:${item.id}`,
    },
    deps,
  );

  // The hub learns this facility's number for the person, so later messages match without review.
  const number = hospitalNumber(event.patient);
  if (number?.authority !== undefined && !oneRow) {
    const key = learnedKeyOf(event.sendingFacility, number);
    await deps.learned.learn(key, candidate.personId, { repoint: item.kind === 'identifier-conflict' });
    rosters.index.learnIdentifier(key, candidate.personId);
  }
  const before = stored.decision;
  await deps.messages.markProcessed(stored.messageKey, {
    outcome: 'matched',
    method: before?.outcome === 'matched' ? before.method : undefined,
    score: item.score,
    personId: candidate.personId,
    evidence: item.evidence ?? before?.evidence ?? [],
    reasons: [...(before?.reasons ?? []), `Accepted in review by ${actor}: ${reason.trim()}`],
    alertIds: [...(before?.alertIds ?? []), ...sent.routed.map((alert) => alert.id)],
    delivered: [...(before?.delivered ?? []), ...sent.delivered],
    processedAt: deps.clock.now().toISOString(),
  });
  await recordAction(
    actor,
    'review.accepted',
    { subject: item.id, reason: reason.trim(), details: { kind: item.kind, alerts: sent.routed.length } },
    deps,
  );
  return { ok: true, alerts: sent.routed.length };
}

export async function rejectReview(
  id: string,
  reason: string,
  actor: string,
  deps: Pick<ReviewDependencies, 'review' | 'history' | 'clock' | 'audit'>,
): Promise<DecisionOutcome> {
  const item = await deps.review.get(id);
  if (item === undefined) throw new ReviewError(`no review item ${id}`);
  const refused = await decide(item, 'rejected', reason, actor, deps);
  if (refused !== undefined) return refused;
  // Not offered again for this pair, unless either side's details change.
  if (item.pair !== undefined) await deps.review.rememberRejection(item.pair);
  await recordAction(
    actor,
    'review.rejected',
    { subject: item.id, reason: reason.trim(), details: { kind: item.kind } },
    deps,
  );
  return { ok: true, alerts: 0 };
}

export interface FieldComparison {
  field: FieldEvidence['field'];
  message?: string;
  candidate?: string;
  agreement: FieldEvidence['agreement'];
  weight: number;
}

/** The message's patient and the candidate's row, field by field, and where the row came from. */
export async function compareReview(
  id: string,
  deps: Pick<ReviewDependencies, 'review' | 'history' | 'rosters'>,
): Promise<{ item: ReviewItem; fields: FieldComparison[]; row?: PersonRecord } | undefined> {
  const item = await deps.review.get(id);
  if (item === undefined) return undefined;
  const stored = await deps.history.get(item.messageKey);
  const patient = stored === undefined ? undefined : (JSON.parse(stored.eventJson) as AdtEvent).patient;
  const rosters = await deps.rosters.get();
  const rows = item.candidate === undefined ? [] : rosters.index.withPersonId(item.candidate.personId);
  const wanted = item.candidate?.subscribers[0];
  const row = (
    rows.find(
      (r) =>
        r.record.subscriberId === wanted?.id && (wanted?.line === undefined || r.record.line === wanted.line),
    ) ?? rows[0]
  )?.record;
  const messageValue: Record<FieldEvidence['field'], string | undefined> = {
    nhsNumber: patient?.nhsNumber,
    familyName: patient?.name?.family,
    givenName: patient?.name?.given?.join(' '),
    birthDate: patient?.birthDate,
    sex: patient?.sex,
    postcode: patient?.postcode,
  };
  const rowValue: Record<FieldEvidence['field'], string | undefined> = {
    nhsNumber: row?.nhsNumber,
    familyName: row?.family,
    givenName: row?.given.join(' '),
    birthDate: row?.birthDate,
    sex: row?.sex,
    postcode: row?.postcode,
  };
  const fields = (item.evidence ?? []).map((e) => ({
    field: e.field,
    message: messageValue[e.field],
    candidate: rowValue[e.field],
    agreement: e.agreement,
    weight: e.weight,
  }));
  return { item, fields, ...(row !== undefined && { row }) };
}
