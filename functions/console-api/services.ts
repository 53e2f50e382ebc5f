// What the operator console can ask of the hub: one interface, implemented over the same use cases
// the CLI calls (operator-services.ts), served as a small JSON API (routes.ts) by the local hub on
// loopback, and on AWS behind sign-in. Patient details are masked in everything here except what
// `revealPatient` returns, and every reveal is audited.
import type { FieldEvidence } from '../core/matching/types.ts';
import type { AdtEventName } from '../core/normalise/events.ts';
import type { AuditEntry } from '../use-cases/ports/audit.ts';
import type { ReviewItem } from '../use-cases/ports/index.ts';
import type { ImportSummary } from '../use-cases/roster-import.ts';
import type { ListedSubscriber, NewSubscriber } from '../use-cases/subscribers.ts';
import type { MessageTrace } from '../use-cases/trace.ts';

/** Who is acting: locally the OS user; on AWS the signed-in identity. */
export interface Actor {
  id: string;
  /** Set on AWS from the token's groups; locally every role. */
  roles?: readonly string[];
}

/** Masked patient details, as lists show them: initials and the last digits only. */
export interface MaskedPatient {
  name?: string;
  nhsNumber?: string;
  birthYear?: string;
}

export interface MessageQuery {
  controlId?: string;
  nhsNumber?: string;
  hospitalNumber?: string;
  facility?: string;
  event?: AdtEventName;
  ackCode?: 'AA' | 'AE' | 'AR';
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Opaque, from the previous page. */
  cursor?: string;
  limit?: number;
}

export interface MessageSummary {
  messageKey: string;
  controlId?: string;
  sendingFacility?: string;
  senderId: string;
  receivedAt: string;
  status: 'received' | 'processed' | 'quarantined';
  ackCode: 'AA' | 'AE' | 'AR';
  event?: AdtEventName;
  outcome?: string;
  alerts: number;
  patient?: MaskedPatient;
}

export interface MessagePage {
  items: MessageSummary[];
  next?: string;
}

/** One HL7 field with its name, for the message page (`PID-5` `Patient Name`). */
export interface LabelledField {
  position: string;
  label?: string;
  value: string;
}

export interface MessageDetails {
  summary: MessageSummary;
  trace: MessageTrace;
  /** The ACK as sent, segments on their own lines. */
  ack: string;
}

export interface RevealedMessage {
  patient: {
    nhsNumber?: string;
    family?: string;
    given?: string[];
    birthDate?: string;
    postcode?: string;
  };
  /** The message as received, segment by segment, each field labelled. */
  segments: { name: string; fields: LabelledField[] }[];
}

export interface ReviewSummary {
  item: ReviewItem;
  ageHours: number;
  /** Undecided for more than 24 hours. */
  overdue: boolean;
  patient?: MaskedPatient;
}

/** The message's patient beside the candidate's row, field by field. */
export interface ReviewComparison {
  summary: ReviewSummary;
  fields: {
    field: FieldEvidence['field'];
    message?: string;
    candidate?: string;
    agreement: FieldEvidence['agreement'];
    weight: number;
  }[];
  /** Where the candidate's row came from: the subscriber and the line of its upload. */
  source?: { subscriberId: string; line?: number; localId?: string };
}

export type DecisionResult =
  | { ok: true; alerts: number }
  | { ok: false; alreadyDecided: { outcome: string; by: string; at: string } };

export interface DeliveryOverview {
  subscribers: {
    id: string;
    name: string;
    channel?: 'webhook' | 'sqs';
    pending: number;
    deadLettered: number;
  }[];
  deadLetters: {
    subscriberId: string;
    error: string;
    alerts: { id: string; event: AdtEventName; createdAt: string; attempts: number }[];
  }[];
}

export interface SenderOverview {
  senderId: string;
  name?: string;
  facilities: string[];
  lastMessageAt?: string;
  today: { AA: number; AE: number; AR: number };
  mllpConnections?: number;
}

export interface Health {
  queues: { name: string; waiting: number; inFlight: number; deadLetters: number }[];
  /** Message received → alert delivered, over the last hour. */
  latency: { count: number; p50Ms?: number; p99Ms?: number };
  review: { open: number; overdue: number };
}

export interface RosterPreview {
  rows: number;
  valid: number;
  rejected: { line: number; reason: string }[];
}

export interface ConsoleServices {
  health(): Promise<Health>;
  messages(query: MessageQuery): Promise<MessagePage>;
  message(messageKey: string): Promise<MessageDetails | undefined>;
  /** Unmasked details and the HL7 of one message: audited. */
  revealPatient(messageKey: string, actor: Actor): Promise<RevealedMessage | undefined>;
  reviewList(): Promise<ReviewSummary[]>;
  reviewItem(id: string): Promise<ReviewComparison | undefined>;
  acceptReview(id: string, reason: string, actor: Actor): Promise<DecisionResult>;
  rejectReview(id: string, reason: string, actor: Actor): Promise<DecisionResult>;
  deliveries(): Promise<DeliveryOverview>;
  /** Sends dead-lettered alerts again (all, or one subscriber's): audited. */
  redrive(subscriberId: string | undefined, actor: Actor): Promise<{ sent: number; skipped: number }>;
  subscribers(): Promise<(ListedSubscriber & { rosterRows: number })[]>;
  addSubscriber(
    subscriber: NewSubscriber,
    actor: Actor,
  ): Promise<{ subscriber: ListedSubscriber; generatedSecret?: string }>;
  /** Reads a roster CSV and reports its rows, changing nothing. */
  previewRoster(subscriberId: string, csv: Uint8Array): Promise<RosterPreview>;
  importRoster(subscriberId: string, csv: Uint8Array, replace: boolean, actor: Actor): Promise<ImportSummary>;
  senders(): Promise<SenderOverview[]>;
  audit(since?: string): Promise<AuditEntry[]>;
}
