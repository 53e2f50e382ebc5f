// `adt-hub review list|show|accept|reject` (ARCHITECTURE §4.6): what waits for a person to decide,
// and the decision. Accepting sends the message's alerts as a match would have; rejecting sends
// nothing and is remembered. Both are recorded in the audit trail, with the reason.
import { parseArgs } from 'node:util';
import type { ReviewItem } from '../functions/use-cases/ports/index.ts';
import {
  acceptReview,
  ageHours,
  compareReview,
  type DecisionOutcome,
  listReview,
  OVERDUE_HOURS,
  ReviewError,
  rejectReview,
} from '../functions/use-cases/review.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const reviewHelp = `Usage: adt-hub review list [--json]
       adt-hub review show ID [--json]
       adt-hub review accept ID --reason TEXT [--json]
       adt-hub review reject ID --reason TEXT [--json]

list    what waits for a person to decide, oldest first: possible matches (close to someone on
        a roster, not close enough to alert anyone), roster rows that conflict with the message
        about the person they were matched to, and hospital numbers learned for someone else.
        None of them alerts anyone until decided. Each line: its id, when the message arrived,
        MSH-4, MSH-10, the event, the score, the candidate and the subscribers holding them, and
        why it is here; items undecided for ${OVERDUE_HOURS} hours are marked OVERDUE.
show    the message's patient and the candidate side by side: each field, its agreement and its
        weight, and where the roster row came from (subscriber, line of its upload).
accept  the candidate is the patient: the message's alerts go out now to the subscribers holding
        the candidate (with match.method review), and the hub learns the hospital number.
reject  not the patient: no alert, and the same pair is not offered again unless either side's
        details change.
Works against the hub npm start runs here, or a deployed stack with --stack NAME.`;

/** One line of `review list --json`, in the shape of ARCHITECTURE §4.6. */
export function reviewLine(item: ReviewItem) {
  return {
    id: item.id,
    receivedAt: item.receivedAt,
    sendingFacility: item.sendingFacility,
    controlId: item.controlId,
    event: item.event,
    score: item.score,
    reasons: item.reasons,
    candidate: {
      personId: item.candidate?.personId,
      subscribers: (item.candidate?.subscribers ?? []).map(({ id, localId }) => ({
        id,
        ...(localId !== undefined && { localId }),
      })),
    },
  };
}

function decisionLine(id: string, outcome: DecisionOutcome, verb: string): string {
  if (outcome.ok) return `${id} ${verb}: ${outcome.alerts} alert(s) sent`;
  const { outcome: already, by, at } = outcome.alreadyDecided;
  return `${id} already ${already} by ${by} at ${at}`;
}

export async function reviewCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(reviewHelp);
    return 0;
  }
  const [action, id, ...rest] = positionals;
  if (action === 'list' ? id !== undefined : rest.length > 0)
    throw new UsageError('review list, or review show|accept|reject ID');
  if (action !== 'list' && action !== 'show' && action !== 'accept' && action !== 'reject')
    throw new UsageError('review list, show, accept or reject');
  if (action !== 'list' && id === undefined) throw new UsageError(`review ${action} needs the item's ID`);
  if ((action === 'accept' || action === 'reject') && (values.reason ?? '').trim() === '')
    throw new UsageError(`review ${action} needs --reason TEXT`);

  const hub = connectToHub();
  try {
    if (action === 'list') {
      const items = await listReview(hub.operations);
      const now = new Date();
      for (const item of items) {
        if (values.json) {
          io.stdout(JSON.stringify(reviewLine(item)));
          continue;
        }
        const overdue = ageHours(item, now) > OVERDUE_HOURS ? 'OVERDUE  ' : '';
        io.stdout(
          [
            `${overdue}${item.id}`,
            item.receivedAt,
            item.sendingFacility,
            item.controlId,
            item.event,
            item.score.toFixed(4),
            item.candidate === undefined
              ? '-'
              : `${item.candidate.personId} (${item.candidate.subscribers.map((s) => s.id).join(', ') || 'no roster'})`,
            item.reasons.join('; '),
          ].join('  '),
        );
      }
      if (!values.json) io.stderr(`${items.length} item(s) waiting for review`);
      return 0;
    }
    if (action === 'show') {
      const shown = await compareReview(id as string, {
        ...hub.operations,
        rosters: (await hub.review()).rosters,
      });
      if (shown === undefined) throw new Error(`no review item ${id}`);
      const { item, fields, row } = shown;
      if (values.json) {
        io.stdout(
          JSON.stringify({
            ...reviewLine(item),
            kind: item.kind,
            fields,
            source: row && { subscriberId: row.subscriberId, line: row.line },
          }),
        );
        return 0;
      }
      io.stdout(
        `${item.id}  ${item.kind}  ${item.controlId} from ${item.sendingFacility}, ${item.event}, received ${item.receivedAt}`,
      );
      for (const reason of item.reasons) io.stdout(`  why      ${reason}`);
      io.stdout(
        `  ${'field'.padEnd(11)} ${'message'.padEnd(24)} ${'candidate'.padEnd(24)} agreement  weight`,
      );
      for (const f of fields)
        io.stdout(
          `  ${f.field.padEnd(11)} ${(f.message ?? '—').padEnd(24)} ${(f.candidate ?? '—').padEnd(24)} ${f.agreement.padEnd(10)} ${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(2)}`,
        );
      if (row !== undefined)
        io.stdout(
          `  row      ${row.subscriberId ?? '?'}'s roster, line ${row.line ?? '?'}${row.localIds[0] ? ` (${row.localIds[0]})` : ''}`,
        );
      return 0;
    }
    const actor = await hub.actor();
    const reason = values.reason as string;
    let outcome: DecisionOutcome;
    try {
      outcome =
        action === 'accept'
          ? await acceptReview(id as string, reason, actor, await hub.review())
          : await rejectReview(id as string, reason, actor, {
              ...hub.operations,
              history: hub.operations.history,
            });
    } catch (error) {
      if (error instanceof ReviewError) throw new Error(error.message);
      throw error;
    }
    if (values.json) io.stdout(JSON.stringify({ id, ...outcome }));
    else io.stdout(decisionLine(id as string, outcome, action === 'accept' ? 'accepted' : 'rejected'));
    return outcome.ok ? 0 : 1;
  } finally {
    hub.close();
  }
}
