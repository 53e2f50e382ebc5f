// Messages: what the hub took in (stored before it is acknowledged), refused (quarantined), queued
// for the process step, and what the process step decided about each.
import type { AckCode } from '../../core/hl7/ack.ts';
import type { MatchResult } from '../../core/matching/types.ts';
import type { AdtEvent } from '../../core/normalise/adt-event.ts';
import type { StoredAlert } from './alerts.ts';

/** A message the hub has taken in: stored before it is acknowledged. */
export interface StoredMessage {
  /** `<sending facility>|<MSH-10>`: the idempotency key. */
  messageKey: string;
  controlId: string;
  sendingFacility: string;
  senderId: string;
  receivedAt: string;
  /**
   * `received`: stored, and queued unless the hub failed half-way; `processed`: the process step
   * has handled it (it sets this), so a resend needs no queueing at all.
   */
  status: 'received' | 'processed';
  /**
   * SHA-256 of the content but for MSH-7: a resend has the same; a different message that reuses
   * the MSH-10 does not (and is stored as `<facility>|<MSH-10>#<fingerprint>`).
   */
  fingerprint?: string;
  /** The bytes as received, gzip-compressed (a DynamoDB item holds at most 400 KB). */
  rawGzip: Uint8Array;
  /** The AdtEvent as JSON: one attribute, cheap to write and read back whole. */
  eventJson: string;
  /** The ACK this message gets, every time it is sent. */
  ack: string;
  /** Epoch seconds after which the store may forget it. */
  expiresAt: number;
}

/** A message refused with AE or AR, kept so an operator can see what arrived and why. */
export interface QuarantinedMessage {
  quarantineId: string;
  receivedAt: string;
  senderId: string;
  controlId?: string;
  sendingFacility?: string;
  ackCode: AckCode;
  ack: string;
  error: { code: string; message: string; segment?: string; field?: string };
  rawGzip: Uint8Array;
  /** Only the head of the bytes is kept: the whole would not fit in a record. */
  truncated?: true;
  expiresAt: number;
}

export type ClaimResult = { created: true } | { created: false; existing: StoredMessage };

/** What the process step decided about a message, kept with it for `adt-hub trace`. */
export interface ProcessDecision {
  outcome: MatchResult['outcome'] | 'no-patient';
  method?: MatchResult['method'];
  score: number;
  personId?: string;
  evidence: MatchResult['evidence'];
  reasons: string[];
  alertIds: string[];
  /** Alerts delivered by the process step itself, which have no record in the alerts table. */
  delivered?: DeliveredAlert[];
  processedAt: string;
}

/** An alert delivered at the first attempt, as `adt-hub trace` shows it. */
export type DeliveredAlert = Pick<
  StoredAlert,
  'id' | 'subscriberId' | 'relationship' | 'event' | 'sequence' | 'status' | 'attempts'
>;

/** The messages table as ingest, recovery and the process step use it. */
export interface MessageStore {
  /** Writes the message unless one with its key exists, in which case that one is returned. */
  claim(message: StoredMessage): Promise<ClaimResult>;
  /**
   * Removes a claim whose message could not be queued, so nothing half-written stays; a message
   * already processed (or gone) is left as it is, quietly.
   */
  release(messageKey: string): Promise<void>;
  quarantine(message: QuarantinedMessage): Promise<void>;
  /** Messages stored but not yet processed, oldest first (recovery after a restart). */
  unprocessed(): Promise<StoredMessage[]>;
}

/** The process step's view of the messages table. */
export interface ProcessedMessages {
  /**
   * Records the decision on the message's record; with `keepExisting`, a decision already recorded
   * stays as it is. A message without a record (its claim was taken back) gets none.
   */
  markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options?: { keepExisting?: boolean },
  ): Promise<void>;
}

/** What the process step receives for each accepted message. */
export interface QueuedMessage {
  messageKey: string;
  receivedAt: string;
  senderId: string;
  event: AdtEvent;
  /**
   * It may have been processed in part before: queued again by a resend or a recovery, or received
   * again from the queue. Its alerts are then looked up before any is sent.
   */
  requeued?: boolean;
}

export interface IngestQueue {
  /** FIFO: `groupId` orders messages about one patient; `deduplicationId` drops repeats. */
  enqueue(message: QueuedMessage, groupId: string, deduplicationId: string): Promise<void>;
}

/** A message as an operator looks it up: what arrived, its ACK, and what became of it. */
export interface MessageRecord {
  messageKey: string;
  controlId?: string;
  sendingFacility?: string;
  senderId: string;
  receivedAt: string;
  status: StoredMessage['status'] | 'quarantined';
  ack: string;
  ackCode?: QuarantinedMessage['ackCode'];
  error?: QuarantinedMessage['error'];
  decision?: ProcessDecision;
}

/** The messages table as operators read it (`adt-hub trace`, `quarantine list`, the console). */
export interface MessageHistory {
  /** One message as stored (with its bytes, event and decision), for a review decision or a reveal. */
  get(messageKey: string): Promise<(StoredMessage & { decision?: ProcessDecision }) | undefined>;
  /** Every message with this MSH-10, from any facility, oldest first; refused ones too. */
  withControlId(controlId: string): Promise<MessageRecord[]>;
  /** The messages refused with AE or AR on one day (UTC, YYYY-MM-DD), oldest first. */
  quarantined(day: string): Promise<MessageRecord[]>;
  /**
   * Messages received in a time window, newest first, at most `limit`, matching every filter given
   * (`text`: strings the stored event must contain, e.g. an NHS or hospital number), with their
   * events (as JSON) for a summary. For operators' searches, not for processing.
   */
  search(filter: MessageFilter): Promise<(MessageRecord & { eventJson?: string })[]>;
}

export interface MessageFilter {
  from?: string;
  to?: string;
  controlId?: string;
  facility?: string;
  text?: string[];
  limit: number;
}

/** A message as the ingest queue holds it: what moving it to the dead-letter queue must keep. */
export interface IngestQueueMessage {
  body: string;
  /** The patient's FIFO group: sending facility and hospital number. */
  groupId: string;
  deduplicationId: string;
}

/** The ingest queue as its consumer sees it: a message that failed is tried again later, not at once. */
export interface IngestRetries {
  /** Hides the message for `delayMs` (its patient's later messages wait behind it, FIFO). */
  later(receipt: string, delayMs: number): Promise<void>;
}

/**
 * The ingest queue's dead-letter queue: messages the process step gave up on after days of trying,
 * and the later messages of the same patients, held back behind them so their order survives.
 */
export interface IngestDeadLetters {
  count(): Promise<number>;
  /** Puts a message in the dead-letter queue at once, behind its patient's earlier ones. */
  park(message: IngestQueueMessage): Promise<void>;
  /**
   * Moves every message back onto the ingest queue, each patient's in their order, marked as
   * redriven (so a hold does not park them again); how many.
   */
  redrive(): Promise<number>;
}

/** Patients (FIFO groups) whose messages are held back behind one in the dead-letter queue. */
export interface IngestHolds {
  /** The groups held now, each with when it was held. */
  held(): Promise<{ groupId: string; since: string }[]>;
  /** Whether one group is held now (read consistently: a hold stops the group's very next message). */
  isHeld(groupId: string): Promise<boolean>;
  /** Holds a group back (again is a no-op). */
  hold(groupId: string, since: string): Promise<void>;
  release(groupId: string): Promise<void>;
}
