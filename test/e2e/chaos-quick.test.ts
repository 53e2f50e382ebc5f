// The quick fault scenarios (test/chaos/), scaled down: kill -9 and restart under load, MSH-10
// reuse with other content, and hostile inputs on HTTP and MLLP. Each runs a real hub process of
// its own (local/start.ts) and proves, by the ledger, that every message answered AA had its alert
// delivered, and that no alert id came twice but for a reason the design accepts
// (test/chaos/harness/duplicates.ts): the crash window of docs/delivery.md — a POST that succeeded
// just before kill -9, sent again after the restart — or a POST the hub gave up on that the
// receiver did get. The slow scenarios (DynamoDB paused 30 s, a receiver down for a minute) run
// only in `npm run chaos`.
import { describe, expect, it } from 'vitest';
import type { Sabotage } from '../chaos/harness/alert-sink.ts';
import {
  failures,
  formatDetails,
  formatTable,
  type ScenarioResult,
  unexplainedDuplicates,
} from '../chaos/harness/result.ts';
import { controlIdReuse } from '../chaos/scenarios/control-id-reuse.ts';
import { hostileInputsScenario } from '../chaos/scenarios/hostile-inputs.ts';
import { killRestart } from '../chaos/scenarios/kill-restart.ts';
import type { Scenario } from '../chaos/scenarios/scenario.ts';

// ADT_HUB_CHAOS_SABOTAGE=swallow-one (or never-answer) breaks the receiver on purpose: these
// tests must then fail, which shows that they can.
const sabotage = process.env.ADT_HUB_CHAOS_SABOTAGE as Sabotage | undefined;

async function runQuick(scenario: Scenario): Promise<ScenarioResult> {
  const result = await scenario.run({ quick: true, seed: 20_261_206, sabotage });
  // Shown only when the test fails (silent: 'passed-only').
  console.log(`${formatTable([result])}\n${formatDetails([result])}`);
  return result;
}

function expectNothingLostOrDuplicated(result: ScenarioResult): void {
  const { tally } = result;
  expect(result.error).toBeUndefined();
  expect(tally.expected).toBeGreaterThan(0);
  expect(tally.lost.map((alert) => alert.message.label)).toEqual([]);
  expect(unexplainedDuplicates(result)).toEqual([]);
  expect(tally.conflictingIds).toEqual([]);
  expect(tally.twins).toEqual([]);
  expect(tally.unexpected).toEqual([]);
  expect(failures(result)).toEqual([]);
}

// Each starts a hub process of its own (Java included): side by side, they take about as long as
// the slowest one alone.
describe.concurrent('fault scenarios, scaled down', () => {
  it('delivers every acknowledged alert after kill -9 and a restart under load, each id once', {
    timeout: 150_000,
  }, async () => {
    const result = await runQuick(killRestart);

    expectNothingLostOrDuplicated(result);
    // The crash window is one POST per poller busy at the kill (6 process, 2 deliver), no more.
    const crashWindow = result.explainedDuplicates.filter((entry) => entry.reason === 'crash window');
    expect(crashWindow.length).toBeLessThanOrEqual(8);
  });

  it('processes and alerts both messages when an MSH-10 is reused with other content', {
    timeout: 120_000,
  }, async () => {
    const result = await runQuick(controlIdReuse);

    expectNothingLostOrDuplicated(result);
  });

  it('answers every hostile input within the contract, keeps running, and takes a valid message after', {
    timeout: 150_000,
  }, async () => {
    const result = await runQuick(hostileInputsScenario);

    expectNothingLostOrDuplicated(result);
  });
});
