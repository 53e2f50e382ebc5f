// What `npm start` prints on a terminal: one readable line per message (time, control id, ACK,
// outcome, alerts) instead of the handlers' JSON, which stays for when the output is not a
// terminal or ADT_HUB_LOG=json. Ids only, as in the logs.
import type { MessageReport } from '../functions/platform/observability.ts';

function time(at: Date): string {
  return at.toISOString().slice(11, 19);
}

/** The line for a report, or undefined for one a person need not see (an accepted message waits for its outcome). */
export function terminalLine(report: MessageReport, at: Date = new Date()): string | undefined {
  switch (report.stage) {
    case 'ingest': {
      // An accepted message gets its line once processed, with its outcome.
      if (report.outcome === 'accepted') return undefined;
      const what = report.outcome === 'duplicate' ? 'duplicate, answered as before' : report.outcome;
      const reason = report.errorCode === undefined ? '' : ` (${report.errorCode})`;
      return `${time(at)}  ${(report.controlId ?? '?').padEnd(20)} ${report.ackCode}  ${what}${reason}  [${report.transport}]`;
    }
    case 'process': {
      const how = report.method === undefined ? report.outcome : `${report.outcome} by ${report.method}`;
      const alerts = report.alerts === 1 ? '1 alert' : `${report.alerts} alerts`;
      return `${time(at)}  ${report.controlId.padEnd(20)} AA  ${how}, ${alerts}`;
    }
    case 'webhook':
      if (report.outcome === 'delivered') return undefined;
      return `${time(at)}  alert ${report.alertId} → ${report.subscriberId}: ${report.outcome}`;
  }
}

/** Whether npm start should print readable lines rather than JSON. */
export function readableOutput(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return process.stdout.isTTY === true && env.ADT_HUB_LOG !== 'json';
}
