// Why a webhook-id arrived more than once, when there is a reason the hub's design accepts:
// - `abandoned POST`: the hub closed a POST that the receiver did get before the answer came (its
//   timeout fired, or it was killed mid-request), so it sent the alert again, as §4.5 says it
//   retries timeouts;
// - `crash window`: docs/delivery.md — a POST that succeeded just before kill -9, with nothing yet
//   recorded, sent again by the restarted hub. Told apart by the hub's own log: the killed process
//   never logged that alert delivered, the restarted one logged it once.
// Anything else is a duplicate the receiver should never have seen: the scenario fails.
import { readFileSync } from 'node:fs';
import type { Received } from '../../../local/demo/receiver.ts';
import type { SinkRequest } from './alert-sink.ts';

export type DuplicateReason = 'abandoned POST' | 'crash window';

/** Per hub process (one log section each), how many times it logged each alert id delivered. */
export function deliveriesByProcess(logFile: string): Map<string, number>[] {
  return readFileSync(logFile, 'utf8')
    .split('Starting the local hub')
    .slice(1)
    .map((section) => {
      const delivered = new Map<string, number>();
      for (const line of section.split('\n')) {
        if (!line.startsWith('{') || !line.includes('"webhook attempt"')) continue;
        const entry = JSON.parse(line) as { alertId?: string; outcome?: string };
        if (entry.alertId !== undefined && entry.outcome === 'delivered')
          delivered.set(entry.alertId, (delivered.get(entry.alertId) ?? 0) + 1);
      }
      return delivered;
    });
}

/**
 * The duplicated ids that a reason explains, copy for copy. `processes`: the hub log's deliveries
 * per process, when a process was killed (the last entry is the one still running).
 */
export function explainDuplicates(
  arrivals: readonly Received[],
  requests: readonly SinkRequest[],
  processes?: readonly Map<string, number>[],
): Map<string, DuplicateReason> {
  const copies = new Map<string, number>();
  for (const arrival of arrivals) copies.set(arrival.id, (copies.get(arrival.id) ?? 0) + 1);
  const explained = new Map<string, DuplicateReason>();
  for (const [id, count] of copies) {
    if (count < 2) continue;
    // POSTs the receiver got and the hub gave up on: each is one copy the hub had to send again.
    const abandoned = requests.filter(
      (r) => r.id === id && r.abandoned === true && typeof r.outcome === 'number' && r.outcome < 300,
    ).length;
    let crash = 0;
    if (processes !== undefined && processes.length > 1) {
      const earlier = processes.slice(0, -1).reduce((sum, process) => sum + (process.get(id) ?? 0), 0);
      const last = processes.at(-1)?.get(id) ?? 0;
      if (earlier === 0 && last === 1) crash = 1;
    }
    if (count - 1 <= abandoned + crash)
      explained.set(id, crash > 0 && count - 1 > abandoned ? 'crash window' : 'abandoned POST');
  }
  return explained;
}
