// What the use cases need from the outside world. Adapters implement these: DynamoDB and SQS in
// functions/adapters/, in-memory fakes beside them for tests.
import type { AckCode } from '../core/hl7/ack.ts';
import type { MatchResult, PersonRecord } from '../core/matching/types.ts';
import type { AdtEvent } from '../core/normalise/adt-event.ts';
import type { PastAlert, RoutedAlert, Subscriber } from '../core/routing/types.ts';

export interface Sender {
  senderId: string;
  /** MSH-4 facilities this sender may send for; `*` allows any (the local demo sender). */
  facilities: string[];
}

export interface SenderDirectory {
  /** The sender whose key hashes to `keyHash`, if any. */
  findByKeyHash(keyHash: string): Promise<Sender | undefined>;
}

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
  expiresAt: number;
}

export type ClaimResult = { created: true } | { created: false; existing: StoredMessage };

export interface MessageStore {
  /** Writes the message unless one with its key exists, in which case that one is returned. */
  claim(message: StoredMessage): Promise<ClaimResult>;
  /** Removes a claim whose message could not be queued, so nothing half-written stays. */
  release(messageKey: string): Promise<void>;
  quarantine(message: QuarantinedMessage): Promise<void>;
}

/** What the process step receives for each accepted message. */
export interface QueuedMessage {
  messageKey: string;
  receivedAt: string;
  senderId: string;
  event: AdtEvent;
}

export interface IngestQueue {
  /** FIFO: `groupId` orders messages about one patient; `deduplicationId` drops repeats. */
  enqueue(message: QueuedMessage, groupId: string, deduplicationId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new MSH-10 for an ACK: unique, at most 20 characters (the v2.3/2.4 limit). */
  ackControlId(): string;
}

/** One person on a subscriber's roster, as uploaded, with the hub's id for the person. */
export type RosterEntry = Omit<PersonRecord, 'localIds'> & { line: number; localId?: string };

export interface RegistryStore {
  /** Every subscriber's current roster. */
  loadRosters(): Promise<Map<string, RosterEntry[]>>;
  /** Changes whenever a roster does: a reader's cue to load them again. */
  version(): Promise<string | undefined>;
  /** Makes `entries` the subscriber's whole roster, at once: readers see the old or the new. */
  saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void>;
}

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

/** The process step's view of the messages table. */
export interface ProcessedMessages {
  /** With `keepExisting`, a decision already recorded stays as it is. */
  markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options?: { keepExisting?: boolean },
  ): Promise<void>;
}

/** What the hub remembers about a person between messages. */
export interface PersonState {
  pastAlerts: PastAlert[];
  lastDischargeAt?: string;
  /** The last sequence number given to each subscriber's alerts about this person. */
  sequences?: Record<string, number>;
  /** Messages whose alerts are already out: a message seen again is not alerted twice. */
  recentMessages?: string[];
  /**
   * Per webhook subscriber, the latest alert about this person that went to the webhook queue to
   * be retried: until it is delivered or dead-lettered, the person's next alerts queue behind it.
   */
  queuedBehind?: Record<string, string>;
  /** Optimistic lock: incremented by every save; 0 for someone new. */
  version: number;
}

/** Saving a person's state that someone else saved since it was loaded. */
export class StalePersonStateError extends Error {
  constructor(personId: string) {
    super(`The state of person ${personId} changed while this message was processed`);
    this.name = 'StalePersonStateError';
  }
}

export interface ReviewItem {
  messageKey: string;
  controlId: string;
  sendingFacility: string;
  receivedAt: string;
  score: number;
  candidatePersonId?: string;
  reasons: string[];
}

export interface PersonStore {
  load(personId: string): Promise<PersonState>;
  /** Saves with the next version, unless it changed since loaded: then StalePersonStateError. */
  save(personId: string, state: PersonState): Promise<void>;
  /** Hospital numbers learned from confident matches: `AUTHORITY:value` → person id. */
  learnedIdentifiers(): Promise<Map<string, string>>;
  learnIdentifier(identifier: string, personId: string): Promise<void>;
  addToReview(item: ReviewItem): Promise<void>;
  reviewList(): Promise<ReviewItem[]>;
}

/** How a subscriber receives alerts. */
export type Delivery =
  | { kind: 'webhook'; url: string /** Standard Webhooks secret, `whsec_` + base64. */; secret: string }
  | { kind: 'sqs'; queueUrl: string };

export interface SubscriberRecord extends Subscriber {
  name: string;
  delivery?: Delivery;
}

export interface SubscriberDirectory {
  list(): Promise<SubscriberRecord[]>;
}

/** One try at delivering an alert. */
export interface DeliveryAttempt {
  at: string;
  result: 'delivered' | 'retry' | 'dead-letter';
  status?: number;
  error?: string;
  latencyMs: number;
}

/** An alert decided and on its way. */
export interface StoredAlert extends RoutedAlert {
  personId: string;
  sequence: number;
  messageKey: string;
  receivedAt: string;
  /** The payload (§4.5) exactly as delivered, every time. */
  payloadJson: string;
  status: 'pending' | 'delivered' | 'dead-lettered';
  createdAt: string;
  attempts?: DeliveryAttempt[];
  lastError?: string;
  /** Epoch seconds after which the store may forget it. */
  expiresAt: number;
}

export interface AlertStore {
  /** Stores the alert unless one with its id exists; returns the one stored (the first). */
  save(alert: StoredAlert): Promise<StoredAlert>;
  get(id: string): Promise<StoredAlert | undefined>;
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: StoredAlert['status'],
    lastError?: string,
  ): Promise<void>;
  /** Dead-lettered alerts, oldest first. */
  deadLettered(subscriberId?: string): Promise<StoredAlert[]>;
  /** Back to pending: it is on its way again (a redrive). */
  markPending(id: string): Promise<void>;
}

/** Where a retried webhook alert stands: attempts made before it was queued, and since when. */
export interface RetryContext {
  attemptsBefore: number;
  firstAttemptAt: string;
  /** Not to be tried before this time (ISO): the backoff after a failed attempt. */
  notBefore?: string;
}

/** Hands an alert to its subscriber's channel: its own SQS queue, or the webhook queue for retries. */
export interface AlertDispatcher {
  dispatch(alert: StoredAlert, subscriber: SubscriberRecord, retry?: RetryContext): Promise<void>;
  /** The webhook dead-letter queue, where an operator finds it (`adt-hub dlq`). */
  deadLetter(alert: StoredAlert, error: string): Promise<void>;
}
