// The review list: what a person must decide before anyone is alerted. A possible match (close to
// someone on a roster, not close enough); a roster row that conflicts with the message about the
// person it was matched to; a hospital number the hub learned for someone else.
import type { FieldEvidence } from '../../core/matching/types.ts';
import type { AdtEventName } from '../../core/normalise/events.ts';

export type ReviewKind = 'possible-match' | 'row-conflict' | 'identifier-conflict';

export interface ReviewCandidate {
  /** The hub's id of the person the message may be about. */
  personId: string;
  /** The subscribers that hold them, each with its own id for them and its row's line. */
  subscribers: { id: string; localId?: string; line?: number }[];
}

export interface ReviewDecision {
  outcome: 'accepted' | 'rejected';
  by: string;
  at: string;
  reason: string;
}

export interface ReviewItem {
  /** Sortable by when the message arrived, and stable for the same message and question. */
  id: string;
  kind: ReviewKind;
  messageKey: string;
  controlId: string;
  sendingFacility: string;
  receivedAt: string;
  event: AdtEventName;
  score: number;
  reasons: string[];
  candidate?: ReviewCandidate;
  /** Each field of the message against the candidate's row: its agreement and weight. */
  evidence?: FieldEvidence[];
  createdAt: string;
  /** The pair a rejection would remember (the message's hospital number and the candidate). */
  pair?: RejectedPair;
  /** Set once a person decided; an item is decided once. */
  decision?: ReviewDecision;
}

/**
 * A reviewer's "not the patient", remembered so the same pair is not offered again: that
 * facility's hospital number and that roster row, with a fingerprint of both sides' details (a
 * change on either side reopens the question).
 */
export interface RejectedPair {
  /** `<facility>|<AUTHORITY:value>` of the message's hospital number. */
  hospitalNumber: string;
  personId: string;
  /** Which subscriber's row, for a row conflict; every holder for a possible match. */
  subscriberId?: string;
  /** SHA-256 of the message's patient details and the row's, as compared. */
  detailsFingerprint: string;
}

export interface ReviewList {
  /** Adds the item, or leaves the one with its id as it is (a message processed again). */
  add(item: ReviewItem): Promise<void>;
  /** The items waiting for a decision, oldest first. */
  list(): Promise<ReviewItem[]>;
  get(id: string): Promise<ReviewItem | undefined>;
  /**
   * Records a decision unless the item has one (a conditional write: two reviewers cannot both
   * decide); then returns the decision that stands.
   */
  decide(
    id: string,
    decision: ReviewDecision,
  ): Promise<{ decided: true } | { decided: false; decision: ReviewDecision }>;
  rememberRejection(pair: RejectedPair): Promise<void>;
  /** Whether this very pair, with these very details, was rejected before. */
  wasRejected(pair: RejectedPair): Promise<boolean>;
}
