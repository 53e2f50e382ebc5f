// What an operator does, as the CLI and the console both do it: the use case, then an entry in the
// audit trail saying who did it (counts and ids only: a roster import records counts, not rows).
import type { ParsedRosterRow } from '../core/matching/index.ts';
import { type AuditDependencies, recordAction } from './audit.ts';
import type { IngestDeadLetters, IngestHolds, SenderDirectory, SenderRegistration } from './ports/index.ts';
import { type RedriveDependencies, type RedriveResult, redrive } from './redrive.ts';
import { type ImportDependencies, type ImportSummary, importRoster } from './roster-import.ts';
import { registerSender } from './senders.ts';
import { type AddSubscriberDependencies, addSubscriber, type NewSubscriber } from './subscribers.ts';

export async function addSubscriberAs(
  actor: string,
  input: NewSubscriber,
  deps: AddSubscriberDependencies & AuditDependencies,
): ReturnType<typeof addSubscriber> {
  const added = await addSubscriber(input, deps);
  await recordAction(
    actor,
    'subscriber.added',
    {
      subject: added.subscriber.id,
      details: { channel: added.subscriber.delivery?.kind ?? 'none', events: added.subscriber.events.length },
    },
    deps,
  );
  return added;
}

export async function registerSenderAs(
  actor: string,
  sender: Omit<SenderRegistration, 'keyHash'> & { key?: string },
  deps: { senders: Pick<SenderDirectory, 'register'> } & AuditDependencies,
): Promise<{ key: string }> {
  const registered = await registerSender(sender, deps.senders);
  await recordAction(
    actor,
    'sender.added',
    { subject: sender.senderId, details: { facilities: sender.facilities.join(',') } },
    deps,
  );
  return registered;
}

export async function importRosterAs(
  actor: string,
  subscriberId: string,
  rows: AsyncIterable<ParsedRosterRow>,
  options: { replace: boolean },
  deps: ImportDependencies & AuditDependencies,
): Promise<ImportSummary> {
  const summary = await importRoster(subscriberId, rows, options, deps);
  await recordAction(
    actor,
    'roster.imported',
    {
      subject: subscriberId,
      details: {
        replace: options.replace,
        imported: summary.imported,
        updated: summary.updated,
        unchanged: summary.unchanged,
        removed: summary.removed,
        rejected: summary.rejected.length,
        conflicts: summary.conflicts.length,
      },
    },
    deps,
  );
  return summary;
}

export async function redriveAs(
  actor: string,
  subscriberId: string | undefined,
  deps: RedriveDependencies & AuditDependencies,
): Promise<RedriveResult> {
  const result = await redrive(subscriberId, deps);
  await recordAction(
    actor,
    'dlq.redriven',
    {
      ...(subscriberId !== undefined && { subject: subscriberId }),
      details: { sent: result.sent.length, skipped: result.skipped.length },
    },
    deps,
  );
  return result;
}

/**
 * Moves the messages the process step gave up on (and those held back behind them) onto the ingest
 * queue, in each patient's order, then releases the patients held: their new messages flow again.
 */
export async function redriveIngestAs(
  actor: string,
  deps: { deadLetters: IngestDeadLetters; holds: IngestHolds } & AuditDependencies,
): Promise<{ moved: number; released: number }> {
  // Only the holds there before the move: one made meanwhile has its message still to move.
  const held = await deps.holds.held();
  const moved = await deps.deadLetters.redrive();
  for (const { groupId } of held) await deps.holds.release(groupId);
  await recordAction(actor, 'ingest-dlq.redriven', { details: { moved, released: held.length } }, deps);
  return { moved, released: held.length };
}
