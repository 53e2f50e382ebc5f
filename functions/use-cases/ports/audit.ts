// The audit trail: an append-only record of what operators did, and who. Nothing in it can be
// edited or deleted through the hub.

export type AuditAction =
  | 'review.accepted'
  | 'review.rejected'
  | 'dlq.redriven'
  | 'ingest-dlq.redriven'
  | 'roster.imported'
  | 'subscriber.added'
  | 'sender.added'
  | 'patient.revealed'
  | 'console.signed-in';

export interface AuditEntry {
  /** Sortable by time, unique. */
  id: string;
  at: string;
  /** Locally the OS user; on AWS the signed-in or IAM identity. */
  actor: string;
  action: AuditAction;
  /** What it was done to: a review item, a subscriber, a message key. */
  subject?: string;
  /** Counts and ids, never patient details (a roster import records counts, not rows). */
  details?: Record<string, string | number | boolean>;
  reason?: string;
}

export interface AuditTrail {
  /** Appends one entry; an entry is never changed once written. */
  record(entry: AuditEntry): Promise<void>;
  /**
   * Appends the entry unless one with its id is already there (then changes nothing): for an event
   * that several callers may report, such as a sign-in seen by every container. True when written.
   */
  recordOnce(entry: AuditEntry): Promise<boolean>;
  /** Entries at or after `since`, oldest first. */
  since(since?: string): Promise<AuditEntry[]>;
}
