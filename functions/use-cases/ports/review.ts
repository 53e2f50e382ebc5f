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
  /** Set once a person decided; an item is decided once. */
  decision?: ReviewDecision;
}

export interface ReviewList {
  /** Adds the item, or leaves the one with its id as it is (a message processed again). */
  add(item: ReviewItem): Promise<void>;
  /** The items waiting for a decision, oldest first. */
  list(): Promise<ReviewItem[]>;
}
