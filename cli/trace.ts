// `adt-hub trace CONTROL_ID`: what happened to a message: its ACK, who it was matched to and why,
// the alerts it made, and every delivery attempt.
import { parseArgs } from 'node:util';
import { readAck } from '../functions/core/hl7/ack.ts';
import { traceMessage } from '../functions/use-cases/trace.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const traceHelp = `Usage: adt-hub trace [--json] CONTROL_ID

Shows what happened to every message with this MSH-10: when it arrived and from whom, the ACK
it got, the match (outcome, method, score, and each field's evidence), the alerts it made and
each delivery attempt. Works against the hub npm start runs here.`;

/** `AE reason`, as the trace shows an ACK. */
function msa(ack: string | undefined): string {
  if (ack === undefined) return '-';
  const { code, reason } = readAck(ack);
  return [code, reason].filter(Boolean).join(' ');
}

export async function traceCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(traceHelp);
    return 0;
  }
  const [controlId, ...rest] = positionals;
  if (controlId === undefined || rest.length > 0) throw new UsageError('trace takes one CONTROL_ID');
  const hub = connectToHub();
  try {
    const traces = await traceMessage(controlId, hub.operations);
    if (traces.length === 0) throw new Error(`no message with control id ${controlId}`);
    for (const { message, alerts } of traces) {
      const { decision } = message;
      if (values.json) {
        const { ack, ...rest } = message;
        io.stdout(JSON.stringify({ ...rest, ack: msa(ack), alerts }));
        continue;
      }
      io.stdout(
        `${message.controlId} from ${message.sendingFacility ?? '-'} (sender ${message.senderId}), received ${message.receivedAt}`,
      );
      io.stdout(`  ACK       ${msa(message.ack)}`);
      io.stdout(`  status    ${message.status}`);
      if (decision !== undefined) {
        io.stdout(
          `  match     ${decision.outcome}${decision.method ? ` by ${decision.method}` : ''}, score ${decision.score}${decision.personId ? `, person ${decision.personId}` : ''}`,
        );
        for (const e of decision.evidence)
          io.stdout(
            `            ${e.field.padEnd(11)} ${e.agreement.padEnd(9)} ${e.weight >= 0 ? '+' : ''}${e.weight.toFixed(2)}`,
          );
        for (const reason of decision.reasons) io.stdout(`            not a match: ${reason}`);
      }
      for (const alert of alerts) {
        io.stdout(
          `  alert     ${alert.id} → ${alert.subscriberId} (${alert.relationship}): ${alert.event}, sequence ${alert.sequence}, ${alert.status}`,
        );
        for (const attempt of alert.attempts ?? []) {
          io.stdout(
            `            ${attempt.at}  ${attempt.result}${attempt.status ? ` HTTP ${attempt.status}` : ''}${attempt.error ? ` (${attempt.error})` : ''}  ${attempt.latencyMs} ms`,
          );
        }
      }
    }
    return 0;
  } finally {
    hub.close();
  }
}
