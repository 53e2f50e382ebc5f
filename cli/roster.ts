// `adt-hub roster import --subscriber ID [--replace] CSV` (ARCHITECTURE §4.4, §4.6).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readRoster } from '../functions/adapters/csv/roster-csv.ts';
import { importRosterAs } from '../functions/use-cases/operator-actions.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const rosterHelp = `Usage: adt-hub roster import --subscriber ID [--replace] [--json] CSV

Loads the people a subscriber knows from a CSV with a header row: nhs_number, family_name,
given_name, birth_date (YYYY-MM-DD), sex (F/M/O/U), postcode, local_id (authority:value), in any
order. Every row needs a valid NHS number, or family name + birth date + given name or postcode.
Invalid rows are listed with their line number and reason, and skipped; the rest are imported.
Rows whose NHS number another row holds for someone with another name or birth date (on this
roster or another subscriber's) are imported and listed as conflicting: correct them; until then
the hub alerts this subscriber through such a row only when the message agrees with it.
  --replace   the file is the subscriber's whole roster: people no longer in it are removed
  --json      print the summary as JSON
Exits 0 when the file was processed (even with rejected rows), 1 when it could not be read.`;

/** A one-line progress bar, redrawn in place on a terminal. */
function progressBar(total: number): ((rows: number) => void) | undefined {
  if (!process.stderr.isTTY || total < 5_000) return undefined;
  return (rows) => {
    const share = Math.min(1, rows / total);
    const filled = Math.round(share * 30);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.round(share * 100)}%  ${rows.toLocaleString('en-GB')} rows`,
    );
    if (rows >= total) process.stderr.write('\n');
  };
}

export async function rosterCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      subscriber: { type: 'string' },
      replace: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(rosterHelp);
    return 0;
  }
  const [action, path, ...extra] = positionals;
  if (action !== 'import') throw new UsageError('the only action is: roster import');
  if (values.subscriber === undefined || values.subscriber.trim() === '')
    throw new UsageError('roster import needs --subscriber ID');
  if (path === undefined || extra.length > 0) throw new UsageError('roster import takes one CSV file');

  let total: number;
  try {
    const text = await readFile(path);
    total = text.reduce((count, byte) => count + (byte === 10 ? 1 : 0), 0);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const hub = connectToHub();
  try {
    const started = Date.now();
    const summary = await importRosterAs(
      await hub.actor(),
      values.subscriber,
      readRoster(path),
      { replace: values.replace === true },
      {
        ...hub.operations,
        newPersonId: () => `p-${randomUUID()}`,
        onProgress: progressBar(total),
      },
    );
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      io.stdout(JSON.stringify({ subscriber: values.subscriber, ...summary, seconds }));
      return 0;
    }
    io.stdout(
      `Roster of ${values.subscriber}: ${summary.imported} imported, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.rejected.length} rejected, ` +
        `${summary.conflicts.length} conflicting (${seconds.toFixed(1)} s)`,
    );
    for (const row of summary.rejected) io.stdout(`  line ${row.line}: ${row.reason}`);
    for (const row of summary.conflicts)
      io.stdout(`  line ${row.line}: imported, but check it: ${row.reason}`);
    return 0;
  } finally {
    hub.close();
  }
}
