// `adt-hub audit list [--since ISO-TIME]` (ARCHITECTURE §4.6): what operators did, oldest first.
import { parseArgs } from 'node:util';
import { listAudit } from '../functions/use-cases/audit.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const auditHelp = `Usage: adt-hub audit list [--since ISO-TIME] [--json]

Lists what operators did, oldest first: review decisions with their reasons, dead-letter
redrives, roster imports (counts, not rows), subscribers and senders added, patient details
revealed in the console. Who: locally the OS user; on AWS the signed-in or IAM identity. The
trail is append-only: nothing in it can be changed or deleted through the hub.`;

export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { since: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(auditHelp);
    return 0;
  }
  if (positionals[0] !== 'list' || positionals.length > 1)
    throw new UsageError('the only action is: audit list');
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw new UsageError('--since takes an ISO time, e.g. 2026-12-01T00:00:00Z');
  const since = values.since === undefined ? undefined : new Date(values.since).toISOString();
  const hub = connectToHub();
  try {
    const entries = await listAudit(since, hub.operations);
    for (const entry of entries) {
      if (values.json) io.stdout(JSON.stringify(entry));
      else
        io.stdout(
          [
            entry.at,
            entry.actor,
            entry.action,
            entry.subject ?? '-',
            entry.details === undefined
              ? ''
              : Object.entries(entry.details)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' '),
            entry.reason === undefined ? '' : `“${entry.reason}”`,
          ]
            .filter((part) => part !== '')
            .join('  '),
        );
    }
    if (!values.json) io.stderr(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
    return 0;
  } finally {
    hub.close();
  }
}
