// `adt-hub quarantine list`: the messages the hub refused (AE/AR), with why, for an operator.

import { parseArgs } from 'node:util';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const quarantineHelp = `Usage: adt-hub quarantine list [--day YYYY-MM-DD] [--json]

Lists the messages the hub refused with AE or AR on one day (UTC; default today): when, the
ACK code, the error code and field, MSH-10 and MSH-4 when they could be read, and the sender.
The bytes as received are kept with each entry. Works against the hub npm start runs here.`;

export async function quarantineCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { day: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(quarantineHelp);
    return 0;
  }
  if (positionals[0] !== 'list' || positionals.length > 1)
    throw new UsageError('the only action is: quarantine list');
  const day = values.day ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError('--day takes a date as YYYY-MM-DD');
  const hub = connectToHub();
  try {
    const refused = await hub.operations.history.quarantined(day);
    for (const item of refused) {
      const entry = {
        receivedAt: item.receivedAt,
        ackCode: item.ackCode,
        error: item.error,
        controlId: item.controlId,
        sendingFacility: item.sendingFacility,
        senderId: item.senderId,
      };
      if (values.json) io.stdout(JSON.stringify(entry));
      else {
        io.stdout(
          [
            entry.receivedAt,
            entry.ackCode,
            entry.error?.code,
            entry.error?.field,
            entry.controlId ?? '-',
            entry.sendingFacility ?? '-',
            entry.senderId,
          ].join('  '),
        );
      }
    }
    if (!values.json) io.stderr(`${refused.length} refused message(s) on ${day}`);
    return 0;
  } finally {
    hub.close();
  }
}
