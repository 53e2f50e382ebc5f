// `adt-hub trace CONTROL_ID`: what happened to a message: its ACK, who it was matched to and why,
// the alerts it made, and every delivery attempt.
import { parseArgs } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAlertStore } from '../functions/adapters/dynamodb/alert-store.ts';
import { readAck } from '../functions/core/hl7/ack.ts';
import { ALERTS_TABLE, MESSAGES_TABLE } from '../functions/platform/resources.ts';
import type { DeliveredAlert, ProcessDecision, StoredAlert } from '../functions/use-cases/ports.ts';
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
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await hub.dynamodb.send(
        new ScanCommand({
          TableName: hub.table(MESSAGES_TABLE),
          FilterExpression: 'controlId = :id',
          ExpressionAttributeValues: { ':id': controlId },
          ProjectionExpression:
            'messageKey, controlId, sendingFacility, senderId, receivedAt, #status, ack, ackCode, #error, decision',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    if (items.length === 0) throw new Error(`no message with control id ${controlId}`);

    const alerts = new DynamoDbAlertStore(hub.dynamodb, hub.table(ALERTS_TABLE));
    items.sort((a, b) => String(a.receivedAt).localeCompare(String(b.receivedAt)));
    for (const item of items) {
      const decision = item.decision as ProcessDecision | undefined;
      // An alert delivered at the first attempt lives in the decision; the others in the alerts table.
      const deliveredAtOnce = new Map((decision?.delivered ?? []).map((alert) => [alert.id, alert]));
      const made = (
        await Promise.all(
          (decision?.alertIds ?? []).map(async (id) => deliveredAtOnce.get(id) ?? (await alerts.get(id))),
        )
      ).filter((alert): alert is DeliveredAlert | StoredAlert => alert !== undefined);
      if (values.json) {
        const { ack, ...rest } = item;
        io.stdout(
          JSON.stringify({
            ...rest,
            ack: msa(ack as string | undefined),
            alerts: made.map((alert) => {
              const { payloadJson: _, ...rest } = alert as StoredAlert;
              return rest;
            }),
          }),
        );
        continue;
      }
      io.stdout(
        `${item.controlId} from ${item.sendingFacility ?? '-'} (sender ${item.senderId}), received ${item.receivedAt}`,
      );
      io.stdout(`  ACK       ${msa(item.ack as string | undefined)}`);
      io.stdout(`  status    ${item.status}`);
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
      for (const alert of made) {
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
