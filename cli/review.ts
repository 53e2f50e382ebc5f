// `adt-hub review list`: possible matches waiting for a person to decide (they alert no one).
import { parseArgs } from 'node:util';
import type { ReviewItem } from '../functions/use-cases/ports/index.ts';
import { listReview } from '../functions/use-cases/review.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const reviewHelp = `Usage: adt-hub review list [--json]

Lists what waits for a person to decide, oldest first: possible matches (close to someone on a
roster, not close enough to alert anyone), roster rows that conflict with the message about the
person they were matched to, and hospital numbers learned for someone else. None of them alerts
anyone until decided. Each line: its id, when the message arrived, MSH-4 and MSH-10, the event,
the score, the candidate person and the subscribers holding them, and why it is here.
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

export async function reviewCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(reviewHelp);
    return 0;
  }
  if (positionals[0] !== 'list' || positionals.length > 1)
    throw new UsageError('the only action is: review list');
  const hub = connectToHub();
  try {
    const items = await listReview(hub.operations);
    for (const item of items) {
      if (values.json) io.stdout(JSON.stringify(reviewLine(item)));
      else {
        io.stdout(
          [
            item.id,
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
    }
    if (!values.json) io.stderr(`${items.length} possible match(es) waiting for review`);
    return 0;
  } finally {
    hub.close();
  }
}
