// The questions the process step puts on the review list, in one shape (ports/review.ts).
import { sha256Hex } from '../core/hash.ts';
import type { FieldEvidence, PersonRecord, Probe } from '../core/matching/types.ts';
import type { QueuedMessage, RejectedPair, ReviewCandidate, ReviewItem, ReviewKind } from './ports/index.ts';

/** Sortable by arrival (`20261206-101500-…`), and the same for the same message and question. */
export function reviewId(
  receivedAt: string,
  messageKey: string,
  kind: ReviewKind,
  subscriberIds: string[],
): string {
  const when = receivedAt.replace(/\.\d+/, '').replace(/[-:Z]/g, '').replace('T', '-');
  return `${when}-${sha256Hex(`${messageKey}|${kind}|${subscriberIds.join(',')}`).slice(0, 10)}`;
}

export function reviewItem(
  message: QueuedMessage,
  kind: ReviewKind,
  details: {
    score: number;
    reasons: string[];
    candidate?: ReviewCandidate;
    evidence?: FieldEvidence[];
    pair?: RejectedPair;
  },
  now: Date,
): ReviewItem {
  const { event } = message;
  return {
    id: reviewId(
      message.receivedAt,
      message.messageKey,
      kind,
      (details.candidate?.subscribers ?? []).map((s) => s.id),
    ),
    kind,
    messageKey: message.messageKey,
    controlId: event.controlId,
    sendingFacility: event.sendingFacility,
    receivedAt: message.receivedAt,
    event: event.event,
    score: details.score,
    reasons: details.reasons,
    ...(details.candidate !== undefined && { candidate: details.candidate }),
    ...(details.evidence !== undefined && { evidence: details.evidence }),
    ...(details.pair !== undefined && { pair: details.pair }),
    createdAt: now.toISOString(),
  };
}

/** Both sides' details as compared: when either changes, a rejected pair is a new question. */
export function pairFingerprint(probe: Probe, row: PersonRecord): string {
  const side = (p: Omit<Probe, 'identifiers'>) =>
    [p.nhsNumber, p.family, p.given.join(' '), p.birthDate, p.sex, p.postcode].map((v) => v ?? '').join('|');
  return sha256Hex(`${side(probe)}\n${side(row)}`);
}
