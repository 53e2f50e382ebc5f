// `adt-hub review list`: possible matches waiting for a person to decide (they alert no one).
import { parseArgs } from 'node:util';
import { listReview } from '../functions/use-cases/review.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const reviewHelp = `Usage: adt-hub review list [--json]

Lists the messages whose patient was a possible match: close to someone on a roster, not close
enough to alert anyone. Each line: when it arrived, MSH-4 and MSH-10, the score, the hub's id of
the candidate person, and why it is not a match. Works against the hub npm start runs here.`;

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
      if (values.json) io.stdout(JSON.stringify(item));
      else {
        io.stdout(
          [
            item.receivedAt,
            item.sendingFacility,
            item.controlId,
            item.score.toFixed(4),
            item.candidatePersonId ?? '-',
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
