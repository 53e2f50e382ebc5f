// What every scenario shares: its options, and running its body on a rig of its own, turning
// whatever happened (an exception included) into a result; the hub's folder is kept when the
// scenario failed, for its log.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sabotage } from '../harness/alert-sink.ts';
import { deliveriesByProcess, explainDuplicates } from '../harness/duplicates.ts';
import { Ledger } from '../harness/ledger.ts';
import { type Check, failures, type ScenarioResult } from '../harness/result.ts';
import { type Rig, type RigOptions, startRig } from '../harness/rig.ts';

export interface ScenarioOptions {
  /** The scaled-down version (npm test). */
  quick: boolean;
  /** Seeds the random parts (hostile inputs, cut points). */
  seed: number;
  sabotage?: Sabotage;
  /** Progress lines for the operator watching a long run. */
  progress?: (line: string) => void;
}

export interface Scenario {
  name: string;
  /** Only in `npm run chaos`, never in `npm test`. */
  slow: boolean;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

/** What a scenario's body fills in. */
export class Draft {
  readonly ledger = new Ledger();
  readonly checks: Check[] = [];
  readonly notes: string[] = [];
  faultEndedAt?: number;
  checkOrder = false;
  /** A hub process was killed: the hub's log tells which process delivered what. */
  processKilled = false;

  check(what: string, ok: boolean, detail?: string): void {
    this.checks.push({ what, ok, ...(detail !== undefined && { detail }) });
  }
}

export async function runOnRig(
  name: string,
  rigOptions: Omit<RigOptions, 'name' | 'sabotage'>,
  options: ScenarioOptions,
  body: (rig: Rig, draft: Draft) => Promise<void>,
): Promise<ScenarioResult> {
  const started = Date.now();
  const draft = new Draft();
  let rig: Rig | undefined;
  let error: string | undefined;
  try {
    rig = await startRig({ ...rigOptions, name, sabotage: options.sabotage });
    options.progress?.(
      `${name}: hub up in ${(rig.hub.startedInMs / 1000).toFixed(1)} s (pid ${rig.hub.pid})`,
    );
    await body(rig, draft);
  } catch (caught) {
    error = (caught as Error).message;
  }
  const arrivals = rig?.sink.arrivals ?? [];
  const explained = explainDuplicates(
    arrivals,
    rig?.sink.requests ?? [],
    rig !== undefined && draft.processKilled ? deliveriesByProcess(rig.logFile) : undefined,
  );
  const result: ScenarioResult = {
    name,
    tally: draft.ledger.tally(arrivals, { checkOrder: draft.checkOrder }),
    ...(draft.faultEndedAt !== undefined && { faultEndedAt: draft.faultEndedAt }),
    explainedDuplicates: [...explained].map(([id, reason]) => ({ id, reason })),
    checks: draft.checks,
    notes: draft.notes,
    wallMs: 0,
    ...(error !== undefined && { error }),
  };
  const failed = failures(result).length > 0;
  if (rig !== undefined) {
    await rig.close(failed).catch((caught: Error) => {
      result.notes.push(`closing the rig failed: ${caught.message}`);
    });
    if (failed) {
      result.keptDir = rig.dir;
      // The evidence beside the hub's log: what arrived (synthetic people only), what was answered.
      const lines = (items: readonly unknown[]) => items.map((item) => JSON.stringify(item)).join('\n');
      writeFileSync(join(rig.dir, 'arrivals.jsonl'), lines(rig.sink.arrivals));
      writeFileSync(join(rig.dir, 'sink-requests.jsonl'), lines(rig.sink.requests));
      writeFileSync(
        join(rig.dir, 'answers.jsonl'),
        lines(draft.ledger.answers.map(({ ack: _ack, ...answer }) => answer)),
      );
    }
  }
  result.wallMs = Date.now() - started;
  return result;
}
