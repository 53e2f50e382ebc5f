// `adt-hub dlq list|redrive [--subscriber ID]` (ARCHITECTURE §4.6): alerts the hub gave up on,
// and sending them again with the same ids. With --ingest: accepted messages the process step gave
// up on after days of retries, moved back onto the ingest queue in each patient's order.
import { parseArgs } from 'node:util';
import { redriveAs, redriveIngestAs } from '../functions/use-cases/operator-actions.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const dlqHelp = `Usage: adt-hub dlq list [--subscriber ID] [--json]
       adt-hub dlq redrive [--subscriber ID] [--json]
       adt-hub dlq list|redrive --ingest [--json]

list shows the alerts the hub gave up delivering (id, subscriber, event, last error);
redrive sends them again, all or one subscriber's, keeping their ids so receivers can
deduplicate. With --ingest, the accepted messages the process step gave up on (after
about three days of retries): list counts them, redrive puts them back on the ingest
queue in each patient's order. All exit 0, also when there is nothing to show or replay.`;

export async function dlqCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      subscriber: { type: 'string' },
      ingest: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(dlqHelp);
    return 0;
  }
  const [action, ...rest] = positionals;
  if ((action !== 'list' && action !== 'redrive') || rest.length > 0)
    throw new UsageError('dlq list or dlq redrive');
  if (values.ingest && values.subscriber !== undefined)
    throw new UsageError('--ingest holds messages, not alerts: it takes no --subscriber');
  const hub = connectToHub();
  try {
    if (values.ingest) {
      const { deadLetters, holds } = await hub.ingestDeadLetters();
      if (action === 'list') {
        const [messages, held] = await Promise.all([deadLetters.count(), holds.held()]);
        io.stdout(
          values.json
            ? JSON.stringify({ messages, patientsHeld: held.length })
            : `${messages} message(s) in the ingest dead-letter queue; ${held.length} patient(s) held back behind them`,
        );
        return 0;
      }
      const result = await redriveIngestAs(await hub.actor(), {
        deadLetters,
        holds,
        audit: hub.operations.audit,
        clock: hub.operations.clock,
      });
      io.stdout(
        values.json
          ? JSON.stringify(result)
          : `${result.moved} message(s) back on the ingest queue; ${result.released} patient(s) no longer held`,
      );
      return 0;
    }
    if (action === 'list') {
      const dead = await hub.operations.alerts.deadLettered(values.subscriber);
      for (const alert of dead) {
        const entry = {
          id: alert.id,
          subscriber: alert.subscriberId,
          event: alert.event,
          lastError: alert.lastError,
          attempts: alert.attempts?.length ?? 0,
        };
        io.stdout(
          values.json
            ? JSON.stringify(entry)
            : [entry.id, entry.subscriber, entry.event, entry.lastError ?? '-'].join('  '),
        );
      }
      if (!values.json) io.stderr(`${dead.length} dead-lettered alert(s)`);
      return 0;
    }
    const { sent } = await redriveAs(await hub.actor(), values.subscriber, {
      ...(await hub.redrive()),
      audit: hub.operations.audit,
    });
    for (const alert of sent)
      io.stdout(
        values.json
          ? JSON.stringify({ id: alert.id, subscriber: alert.subscriberId })
          : `${alert.id}  ${alert.subscriberId}  sent again`,
      );
    if (!values.json) io.stderr(`${sent.length} alert(s) sent again`);
    return 0;
  } finally {
    hub.close();
  }
}
