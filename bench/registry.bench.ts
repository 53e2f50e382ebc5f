// The registry at a care system's size (`npm run bench:registry [-- ROWS]`, default 1,000,000 rows
// across 200 subscribers; bench/registry-data.ts) on the local hub's DynamoDB Local, through the
// hub's own RosterStore, RosterSnapshot and import use case:
//   - the registry written, roster by roster;
//   - a cold process step ready to match (a new process, as a new container), its time and memory,
//     beside the floor of reading the stored bytes alone;
//   - bench:match's 10,000 probes against the large registry: per-match latency, and each decision
//     beside the decision against the population's own 6,000-row roster (a match to anyone outside
//     that roster is a wrong-person match: every other row is someone else);
//   - a 10,000-row roster upload: how long until matching sees it, and what was loaded again;
//   - a 100,000-row roster imported with the import use case, in a new process.
// Prints each figure beside its goal. Exits non-zero only when something crashes.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRoster } from '../functions/adapters/csv/roster-csv.ts';
import { DynamoDbRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import {
  learnedKey,
  type MatchResult,
  matchPerson,
  type PersonRecord,
  probeFromPatient,
  ROSTER_COLUMNS,
  RosterIndex,
  RosterShard,
} from '../functions/core/matching/index.ts';
import { systemClock } from '../functions/platform/system.ts';
import type { RosterStore } from '../functions/use-cases/ports/index.ts';
import { personRecordOf } from '../functions/use-cases/roster-entries.ts';
import { importRoster } from '../functions/use-cases/roster-import.ts';
import { RosterSnapshot } from '../functions/use-cases/roster-snapshot.ts';
import { startLocalHub } from '../local/hub.ts';
import { fmt, percentile } from './lib/stats.ts';
import { buildRegistry } from './registry-data.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SUBSCRIBERS = 200;
const SEED = 1;
const CHILD = fileURLToPath(new URL('./registry-child.ts', import.meta.url));

const GOAL = {
  readyMs: 3_000,
  readyRssMb: 1_000,
  matchP99Ms: 5,
  uploadVisibleMs: 60_000,
  import100kMs: 30_000,
} as const;

function child(...args: string[]): Record<string, number> {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`registry-child ${args[0]} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Record<string, number>;
}

function csvOf(records: readonly PersonRecord[]): string {
  const sexCode = { female: 'F', male: 'M', other: 'O', unknown: 'U' } as const;
  const cell = (value: string | undefined) => (value === undefined ? '' : `"${value.replace(/"/g, '""')}"`);
  const lines = records.map((r) =>
    [
      r.nhsNumber,
      r.family,
      r.given[0],
      r.birthDate,
      r.sex === undefined ? undefined : sexCode[r.sex],
      r.postcode,
      r.localIds[0],
    ]
      .map(cell)
      .join(','),
  );
  return `${ROSTER_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}

/** A store that counts the shards it hands out. */
function counting(store: RosterStore): RosterStore & { loaded: string[] } {
  const loaded: string[] = [];
  return Object.assign(Object.create(store) as RosterStore, {
    loaded,
    loadShard: async (id: string, version: string) => {
      loaded.push(id);
      return store.loadShard(id, version);
    },
  });
}

const hub = await startLocalHub({
  deployment: `bench-registry-${Date.now() % 100_000}`,
  consumeQueues: false,
});
const table = hub.settings.registryTable;
const endpoint = hub.emulators.dynamodbEndpoint;
const store = new DynamoDbRosterStore(hub.dynamodb, table);
const work = mkdtempSync(join(tmpdir(), 'adt-hub-registry-'));
try {
  // --- The registry ------------------------------------------------------------------------------
  let at = performance.now();
  const registry = buildRegistry({ rows: ROWS, subscribers: SUBSCRIBERS, seed: SEED });
  console.log(
    `Registry: ${fmt(registry.rows)} rows in ${registry.rosters.length} rosters, made in ${fmt(performance.now() - at)} ms ` +
      `(bench:match's population, seed ${SEED}, repeated: each copy other NHS numbers, birth dates and local ids).`,
  );
  at = performance.now();
  for (const roster of registry.rosters) await store.saveRoster(roster.subscriberId, roster.entries);
  const writeMs = performance.now() - at;
  console.log(
    `  written through DynamoDbRosterStore.saveRoster, one roster at a time: ${fmt(writeMs / 1000, 1)} s`,
  );

  // --- A cold process step ---------------------------------------------------------------------
  const floor = child('floor', endpoint, table);
  const ready = child('ready', endpoint, table);
  console.log(
    `Cold start (a new process): ready to match ${fmt(ready.ms as number)} ms for ${fmt(ready.rows as number)} rows; ` +
      `RSS ${fmt(ready.rssMb as number)} MB (heap ${fmt(ready.heapMb as number)} MB, buffers ${fmt(ready.buffersMb as number)} MB). ` +
      `Floor, reading the ${fmt(floor.storedMb as number, 1)} MB stored alone: ${fmt(floor.ms as number)} ms ` +
      `(ready / floor = ${fmt((ready.ms as number) / (floor.ms as number), 2)}).`,
  );

  // --- Matching at size --------------------------------------------------------------------------
  const snapshot = new RosterSnapshot(store, systemClock);
  const large = (await snapshot.get()).index;
  const small = RosterIndex.fromShards([RosterShard.fromRecords('BASE', registry.base)]);
  for (const { facility, identifier, row } of registry.scenario.learned) {
    const record = registry.recordOfRow.get(row);
    if (record === undefined) continue;
    large.learnIdentifier(learnedKey(facility, identifier), record.personId);
    small.learnIdentifier(learnedKey(facility, identifier), record.personId);
  }
  const basePeople = new Set(registry.base.map((r) => r.personId));
  const probes = registry.scenario.probes.map((p) => probeFromPatient(p.patient, p.facility));
  for (const probe of probes.slice(0, 500)) matchPerson(probe, large); // warm-up
  const latencies: number[] = [];
  let same = 0;
  let wrongPerson = 0;
  let lostMatches = 0;
  let smallMatched = 0;
  let largePossible = 0;
  const key = (r: MatchResult) => `${r.outcome}|${r.candidate?.personId ?? ''}`;
  for (const probe of probes) {
    const start = performance.now();
    const result = matchPerson(probe, large);
    latencies.push(performance.now() - start);
    const expected = matchPerson(probe, small);
    if (key(result) === key(expected)) same++;
    if (result.outcome === 'matched' && !basePeople.has(result.candidate?.personId ?? '')) wrongPerson++;
    if (expected.outcome === 'matched') {
      smallMatched++;
      if (result.outcome !== 'matched' || result.candidate?.personId !== expected.candidate?.personId)
        lostMatches++;
    }
    if (result.outcome === 'possible') largePossible++;
  }
  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 0.99);
  console.log(
    `Matching ${fmt(probes.length)} probes against ${fmt(large.size)} rows: p50 ${fmt(percentile(latencies, 0.5), 2)} ms, ` +
      `p99 ${fmt(p99, 2)} ms, max ${fmt(latencies.at(-1) as number, 1)} ms. ` +
      `Decisions as against the 6,000-row roster: ${fmt((100 * same) / probes.length, 2)} %; ` +
      `matched to someone outside it (wrong person): ${wrongPerson}; ` +
      `matches there lost here: ${lostMatches} of ${fmt(smallMatched)}; possible: ${fmt((100 * largePossible) / probes.length, 1)} %.`,
  );

  // --- A 10,000-row upload, seen by a warm process step ------------------------------------------
  const watched = counting(store);
  const warm = new RosterSnapshot(watched, systemClock);
  await warm.get();
  watched.loaded.length = 0;
  // People the registry knows (copies 0 and 1), under the subscriber's own new ids.
  const uploaded = registry.rosters
    .flatMap((roster) => roster.entries)
    .slice(0, 10_000)
    .map((entry, i) => ({ ...personRecordOf(entry), localIds: [`UP:${i}`] }));
  const uploadCsv = join(work, 'upload.csv');
  writeFileSync(uploadCsv, csvOf(uploaded));
  at = performance.now();
  const target = registry.rosters[0]?.subscriberId as string;
  await importRoster(
    target,
    readRoster(uploadCsv),
    { replace: true },
    {
      rosters: store,
      newPersonId: () => `p-${randomUUID()}`,
    },
  );
  const importedAt = performance.now();
  let visibleAt: number | undefined;
  while (visibleAt === undefined && performance.now() - importedAt < 120_000) {
    const { index } = await warm.get();
    if (index.withIdentifier('UP:0').length > 0) visibleAt = performance.now();
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const visibleMs = (visibleAt ?? Number.NaN) - at;
  console.log(
    `Upload of ${fmt(uploaded.length)} rows to ${target}: imported in ${fmt(importedAt - at)} ms, ` +
      `seen by a warm process step ${fmt(visibleMs)} ms after the upload began ` +
      `(it checks every 5 s); rosters it loaded again: ${watched.loaded.join(', ') || 'none'}.`,
  );

  // --- A 100,000-row import, as the CLI does it --------------------------------------------------
  const perRoster = registry.rosters[0]?.entries.length ?? 1;
  const big = registry.rosters
    .slice(1, 1 + Math.ceil(100_000 / perRoster))
    .flatMap((roster) => roster.entries)
    .slice(0, 100_000)
    .map((entry, i) => ({ ...personRecordOf(entry), localIds: [`GP:${i}`] }));
  const bigCsv = join(work, 'import.csv');
  writeFileSync(bigCsv, csvOf(big));
  const imported = child('import', endpoint, table, 'SUB-IMPORT', bigCsv);
  console.log(
    `Import of ${fmt(big.length)} rows (people other rosters already hold) into a ${fmt(registry.rows)}-row registry, ` +
      `a new process: ${fmt((imported.ms as number) / 1000, 1)} s, ${fmt(imported.imported as number)} imported, ` +
      `${fmt(imported.rejected as number)} rejected, peak RSS ${fmt(imported.maxRssMb as number)} MB.`,
  );

  // --- Goals ---------------------------------------------------------------------------------------
  const rows: [string, string, string, boolean][] = [
    [
      'cold start, ready to match',
      `≤ ${fmt(GOAL.readyMs)} ms`,
      `${fmt(ready.ms as number)} ms`,
      (ready.ms as number) <= GOAL.readyMs,
    ],
    [
      'cold start, memory (RSS)',
      `≤ ${fmt(GOAL.readyRssMb)} MB`,
      `${fmt(ready.rssMb as number)} MB`,
      (ready.rssMb as number) <= GOAL.readyRssMb,
    ],
    ['match p99', `≤ ${GOAL.matchP99Ms} ms`, `${fmt(p99, 2)} ms`, p99 <= GOAL.matchP99Ms],
    ['wrong-person matches', '0', String(wrongPerson), wrongPerson === 0],
    [
      '10,000-row upload seen',
      `≤ ${fmt(GOAL.uploadVisibleMs / 1000)} s`,
      `${fmt(visibleMs / 1000, 1)} s`,
      visibleMs <= GOAL.uploadVisibleMs,
    ],
    ['… rosters loaded again', '1', String(watched.loaded.length), watched.loaded.length === 1],
    [
      '100,000-row import',
      `≤ ${fmt(GOAL.import100kMs / 1000)} s`,
      `${fmt((imported.ms as number) / 1000, 1)} s`,
      (imported.ms as number) <= GOAL.import100kMs,
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  console.log(`\nGoals (${fmt(registry.rows)} rows, ${registry.rosters.length} rosters):`);
  for (const [name, goal, figure, met] of rows) {
    console.log(
      `  ${name.padEnd(widths[0] as number)}  ${goal.padStart(widths[1] as number)}  ${figure.padStart(widths[2] as number)}  ${met ? 'met' : 'NOT MET'}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  await hub.stop();
}
