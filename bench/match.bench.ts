// Matching benchmark (`npm run bench:match`): the patient matcher against a synthetic roster of
// 6,000 people and 10,000 hospital patients with ground truth (bench/population/). Reports
// wrong-person matches (a match to anyone but the truth, or any match for someone not on the
// roster: a data breach), recall by case kind and group, the rate of `possible` (human review)
// outcomes, and throughput; then a table of goals, met or not. Prints figures only: exits
// non-zero only when something crashes (the generator, the roster, or the matcher on a probe).

import {
  type FieldEvidence,
  type MatchResult,
  matchPerson,
  type PersonRecord,
  type Probe,
  parseRosterRow,
  probeFromPatient,
  RosterIndex,
} from '../functions/core/matching/index.ts';
import { fmt, median } from './lib/stats.ts';
import {
  CASE_GROUPS,
  CASE_KIND_NAMES,
  CASE_KINDS,
  type CaseGroup,
  type CaseKind,
  generateScenario,
  groupOf,
  type ScenarioProbe,
} from './population/index.ts';

const ROSTER_SIZE = 6_000;
const PROBES = 10_000;
/** `npm run bench:match -- 7` runs another population: the goals should hold for any seed. */
const SEED = Number(process.argv[2] ?? 1);
const TIMED_PASSES = 3;
const EXAMPLES = 5;
/** Keep the whole run under about a minute, whatever the matcher's speed. */
const TIMED_BUDGET_MS = 30_000;

const GOAL = {
  wrongPerson: 0,
  recallNhs: 0.995,
  recallClean: 0.95,
  recallHard: 0.8,
  possibleRate: 0.03,
  throughput: 2_000,
} as const;

function pct(part: number, whole: number, digits = 1): string {
  return whole === 0 ? '—' : `${fmt((100 * part) / whole, digits)} %`;
}

/** A plain text table: the first row is the header; columns after the first are right-aligned. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (header === undefined) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)]
    .map((l) => `  ${l}`)
    .join('\n');
}

function describe(person: {
  nhsNumber?: string;
  family?: string;
  given: string[];
  birthDate?: string;
  sex?: string;
  postcode?: string;
}): string {
  return [
    `NHS ${person.nhsNumber ?? '—'}`,
    `${person.family ?? '—'}, ${person.given.join(' ') || '—'}`,
    person.birthDate ?? 'no DOB',
    person.sex ?? 'no sex',
    person.postcode ?? 'no postcode',
  ].join(' | ');
}

function describeRecord(record: PersonRecord): string {
  const ids = record.localIds.length > 0 ? ` | ${record.localIds.join(' ')}` : '';
  return `${record.personId} | ${describe(record)}${ids}`;
}

function describeProbe(probe: Probe): string {
  return `${describe(probe)} | ${probe.identifiers.join(' ')}`;
}

function describeEvidence(evidence: readonly FieldEvidence[]): string {
  if (evidence.length === 0) return '(none)';
  return evidence
    .map((e) => `${e.field}=${e.agreement}(${e.weight >= 0 ? '+' : ''}${fmt(e.weight, 2)})`)
    .join(', ');
}

// --- Scenario -----------------------------------------------------------------------------------

const generatedAt = performance.now();
const scenario = generateScenario({ rosterSize: ROSTER_SIZE, probeCount: PROBES, seed: SEED });
const { rosterRows, rowKinds, probes, stats } = scenario;
console.log(
  `Scenario (seed ${SEED}), generated in ${fmt(performance.now() - generatedAt)} ms: ` +
    `${fmt(stats.universe)} people in ${fmt(stats.households)} households (${stats.careHomes} care homes); ` +
    `roster of ${fmt(stats.rosterPeople)} (social care flavour).`,
);
console.log(
  `  Roster people: ${pct(stats.rowsWithNhs, stats.rosterPeople, 0)} with an NHS number, ` +
    `${pct(stats.rowsWithLocalId, stats.rosterPeople, 0)} with a local_id ` +
    `(${fmt(stats.rowsWithHospitalNumber)} of them the hospital number), ` +
    `${pct(stats.aged65Plus, stats.rosterPeople, 0)} aged 65+; ${fmt(stats.sharingName)} share family + ` +
    `first given name with another roster person, ${fmt(stats.sharingPostcode)} share a postcode; ` +
    `twin pairs: ${stats.twinPairsBothOnRoster} both on the roster, ${stats.twinPairsOneOnRoster} one.`,
);
if (stats.replacedProbes > 0) {
  console.log(`  ${stats.replacedProbes} probes had nobody eligible for their kind and became nhs-clean.`);
}

// --- Roster -------------------------------------------------------------------------------------

const records: PersonRecord[] = [];
const rowOfPerson = new Map<string, number>();
const rejectedRows = new Set<number>();
const rejectReasons = new Map<string, number>();
let rejectedJunk = 0;
for (const [i, row] of rosterRows.entries()) {
  // The header is line 1, so row i is line i + 2.
  const result = parseRosterRow(row, i + 2);
  if (result.ok) {
    records.push(result.record);
    rowOfPerson.set(result.record.personId, i);
  } else {
    rejectedRows.add(i);
    rejectReasons.set(result.reason, (rejectReasons.get(result.reason) ?? 0) + 1);
    if (rowKinds[i] === 'junk') rejectedJunk++;
  }
}
const junkRows = rowKinds.filter((k) => k === 'junk').length;
const junkAccepted = junkRows - rejectedJunk;
const personRowsRejected = rejectedRows.size - rejectedJunk;
console.log(
  `Roster: ${fmt(rosterRows.length)} rows, ${fmt(records.length)} accepted, ${fmt(rejectedRows.size)} rejected ` +
    `(${rejectedJunk} of the ${junkRows} rows made to be rejected; ${personRowsRejected} person rows).`,
);
for (const [reason, n] of [...rejectReasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${reason}`);
if (junkAccepted > 0) console.log(`  NOTE: ${junkAccepted} rows made to be rejected were accepted.`);

const indexStart = performance.now();
const index = new RosterIndex(records);
const indexMs = performance.now() - indexStart;
console.log(`Index: ${fmt(records.length)} records in ${fmt(indexMs, 1)} ms.`);

// Probes about a person whose row was rejected cannot be matched; they are counted as misses.
const truthRejected = probes.filter((p) => p.truth !== null && rejectedRows.has(p.truth)).length;
if (truthRejected > 0) {
  console.log(`  NOTE: ${truthRejected} probes are about people whose roster row was rejected.`);
}

// --- Correctness pass (also the warm-up) --------------------------------------------------------

interface Outcome {
  probe: ScenarioProbe;
  result: MatchResult;
  matcherProbe: Probe;
  /** The roster row of the candidate, if any. */
  candidateRow: number | undefined;
}

const outcomes: Outcome[] = [];
const crashes: { probe: ScenarioProbe; error: unknown }[] = [];
const passStart = performance.now();
for (const probe of probes) {
  try {
    const matcherProbe = probeFromPatient(probe.patient);
    const result = matchPerson(matcherProbe, index);
    const candidateRow =
      result.candidate === undefined ? undefined : rowOfPerson.get(result.candidate.personId);
    outcomes.push({ probe, result, matcherProbe, candidateRow });
  } catch (error) {
    crashes.push({ probe, error });
  }
}
const correctnessMs = performance.now() - passStart;

if (crashes.length > 0) {
  const [first] = crashes;
  console.log(`\nCRASH: the matcher threw on ${crashes.length} probes; the first (${first?.probe.kind}):`);
  console.log(first?.error instanceof Error ? first.error.stack : String(first?.error));
  console.log(`  patient: ${JSON.stringify(first?.probe.patient)}`);
  process.exitCode = 1;
}

const isWrongPerson = (o: Outcome): boolean =>
  o.result.outcome === 'matched' && (o.probe.truth === null || o.candidateRow !== o.probe.truth);
const isRight = (o: Outcome): boolean =>
  o.result.outcome === 'matched' && o.probe.truth !== null && o.candidateRow === o.probe.truth;

interface Tally {
  probes: number;
  onRoster: number;
  right: number;
  wrong: number;
  possible: number;
  possibleWithTruth: number;
  unmatched: number;
}

function tally(items: readonly Outcome[]): Tally {
  const t: Tally = {
    probes: 0,
    onRoster: 0,
    right: 0,
    wrong: 0,
    possible: 0,
    possibleWithTruth: 0,
    unmatched: 0,
  };
  for (const o of items) {
    t.probes++;
    if (o.probe.truth !== null) t.onRoster++;
    if (isRight(o)) t.right++;
    else if (isWrongPerson(o)) t.wrong++;
    if (o.result.outcome === 'possible') {
      t.possible++;
      if (o.probe.truth !== null && o.candidateRow === o.probe.truth) t.possibleWithTruth++;
    }
    if (o.result.outcome === 'unmatched') t.unmatched++;
  }
  return t;
}

const byKind = new Map<CaseKind, Outcome[]>(CASE_KIND_NAMES.map((k) => [k, []]));
const byGroup = new Map<CaseGroup, Outcome[]>(CASE_GROUPS.map((g) => [g, []]));
for (const o of outcomes) {
  byKind.get(o.probe.kind)?.push(o);
  byGroup.get(groupOf(o.probe.kind))?.push(o);
}
const overall = tally(outcomes);

console.log(
  `\nCorrectness pass: ${fmt(outcomes.length)} probes in ${fmt(correctnessMs)} ms ` +
    `(${pct(overall.onRoster, overall.probes, 0)} on the roster).`,
);

const recallOf = (t: Tally): string => (t.onRoster === 0 ? '—' : pct(t.right, t.onRoster));
const tallyRow = (name: string, t: Tally): string[] => [
  name,
  fmt(t.probes),
  fmt(t.onRoster),
  fmt(t.right),
  fmt(t.wrong),
  fmt(t.possible),
  fmt(t.possibleWithTruth),
  fmt(t.unmatched),
  recallOf(t),
  pct(t.possible, t.probes),
];
const HEADER = [
  '',
  'probes',
  'on roster',
  'matched ✓',
  'WRONG',
  'possible',
  '(truth)',
  'unmatched',
  'recall',
  'possible %',
];

console.log('\nBy case kind (recall = matched to the truth / probes whose truth is on the roster;');
console.log('"(truth)" = possible outcomes whose candidate is the truth):');
const kindRows: string[][] = [HEADER];
for (const group of CASE_GROUPS) {
  for (const kind of CASE_KIND_NAMES) {
    if (groupOf(kind) !== group) continue;
    kindRows.push(tallyRow(kind, tally(byKind.get(kind) ?? [])));
  }
}
console.log(table(kindRows));

console.log('\nBy group:');
const groupRows: string[][] = [HEADER];
for (const group of CASE_GROUPS) groupRows.push(tallyRow(group, tally(byGroup.get(group) ?? [])));
groupRows.push(tallyRow('all', overall));
console.log(table(groupRows));

// --- Misses in the groups with a recall goal ----------------------------------------------------

const topNotes = (items: readonly Outcome[], n: number): string => {
  const counts = new Map<string, number>();
  for (const o of items) for (const note of o.probe.notes) counts.set(note, (counts.get(note) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([note, c]) => `${note} ${c}`)
      .join(', ') || '—'
  );
};
console.log('\nMisses (truth on the roster, not matched to it) in the groups with a recall goal:');
for (const group of CASE_GROUPS.slice(0, 3)) {
  const misses = (byGroup.get(group) ?? []).filter((o) => o.probe.truth !== null && !isRight(o));
  if (misses.length === 0) {
    console.log(`  ${group}: none`);
    continue;
  }
  const outcomesOf = (outcome: string): number => misses.filter((o) => o.result.outcome === outcome).length;
  console.log(
    `  ${group}: ${misses.length} (possible ${outcomesOf('possible')}, unmatched ${outcomesOf('unmatched')}, ` +
      `matched to someone else ${outcomesOf('matched')}); most common notes: ${topNotes(misses, 6)}`,
  );
  const reasons = new Map<string, number>();
  for (const o of misses) for (const r of o.result.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const topReasons = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [reason, n] of topReasons) console.log(`      reason ${n} × ${reason}`);
}

// --- Wrong-person matches -----------------------------------------------------------------------

const wrong = outcomes.filter(isWrongPerson);
console.log(`\nWrong-person matches: ${fmt(wrong.length)}`);
if (wrong.length > 0) {
  const kindCounts = new Map<string, number>();
  const methodCounts = new Map<string, number>();
  for (const o of wrong) {
    kindCounts.set(o.probe.kind, (kindCounts.get(o.probe.kind) ?? 0) + 1);
    const method = o.result.method ?? '(none)';
    methodCounts.set(method, (methodCounts.get(method) ?? 0) + 1);
  }
  const list = (m: Map<string, number>): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  console.log(`  by kind: ${list(kindCounts)}`);
  console.log(`  by method: ${list(methodCounts)}`);
  console.log(`  most common notes: ${topNotes(wrong, 8)}`);

  // Examples, round-robin across kinds so that one kind does not fill them all.
  const queues = new Map<string, Outcome[]>();
  for (const o of wrong) queues.set(o.probe.kind, [...(queues.get(o.probe.kind) ?? []), o]);
  const examples: Outcome[] = [];
  while (examples.length < Math.min(EXAMPLES, wrong.length)) {
    for (const queue of queues.values()) {
      const next = queue.shift();
      if (next !== undefined && examples.length < EXAMPLES) examples.push(next);
    }
  }
  for (const [n, o] of examples.entries()) {
    const truthRecord =
      o.probe.truth === null ? undefined : records.find((r) => rowOfPerson.get(r.personId) === o.probe.truth);
    console.log(`\n  #${n + 1} ${o.probe.kind} (${CASE_KINDS[o.probe.kind].about})`);
    console.log(`     notes    ${o.probe.notes.join(', ') || '—'}`);
    console.log(`     message  ${describeProbe(o.matcherProbe)}`);
    console.log(
      `     truth    ${o.probe.truth === null ? 'not on the roster' : truthRecord === undefined ? `row ${o.probe.truth} (rejected)` : describeRecord(truthRecord)}`,
    );
    console.log(
      `     matched  ${o.result.candidate === undefined ? '—' : describeRecord(o.result.candidate)}`,
    );
    console.log(`     method   ${o.result.method ?? '—'}, score ${fmt(o.result.score, 4)}`);
    console.log(`     evidence ${describeEvidence(o.result.evidence)}`);
    console.log(`     reasons  ${o.result.reasons.join('; ') || '—'}`);
  }
}

// --- Throughput ---------------------------------------------------------------------------------

// Matching alone: probeFromPatient and matchPerson per message, on the built index.
const perProbeMs = correctnessMs / Math.max(1, probes.length);
const passSize = Math.max(
  1,
  Math.min(probes.length, Math.floor(TIMED_BUDGET_MS / TIMED_PASSES / Math.max(perProbeMs, 1e-6))),
);
const timedPatients = probes.slice(0, passSize).map((p) => p.patient);
/** What the passes matched, so that no work can be optimised away. */
let sink = 0;
const passMs: number[] = [];
for (let pass = 0; pass < TIMED_PASSES; pass++) {
  const start = process.hrtime.bigint();
  for (const patient of timedPatients) {
    try {
      if (matchPerson(probeFromPatient(patient), index).outcome === 'matched') sink++;
    } catch {
      sink--;
    }
  }
  passMs.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const medianMs = median(passMs);
const throughput = (passSize / medianMs) * 1000;
console.log(
  `\nThroughput: ${fmt(throughput)} msgs/s against a ${fmt(records.length)}-record roster ` +
    `(median of ${TIMED_PASSES} passes of ${fmt(passSize)} probes after a warm-up: ` +
    `${passMs.map((ms) => fmt(ms)).join(' / ')} ms; ${fmt(1000 / throughput, 3)} ms per message; ` +
    `index built in ${fmt(indexMs)} ms).`,
);

if (sink < 0) console.log(`(${-sink} probes crashed in the timed passes)`);

// --- Goals --------------------------------------------------------------------------------------

const groupTally = (group: CaseGroup): Tally => tally(byGroup.get(group) ?? []);
const nhs = groupTally('valid corroborated NHS number present');
const clean = groupTally('clean demographics without NHS');
const hard = groupTally('hard demographic errors');
const ratio = (t: Tally): number => (t.onRoster === 0 ? 0 : t.right / t.onRoster);
const possibleRate = overall.probes === 0 ? 0 : overall.possible / overall.probes;
const met = (ok: boolean): string => (ok ? 'met' : 'NOT MET');

console.log('\nGoals:');
console.log(
  table([
    ['goal', 'target', 'figure', ''],
    ['wrong-person matches', `${GOAL.wrongPerson}`, fmt(wrong.length), met(wrong.length <= GOAL.wrongPerson)],
    [
      'recall, valid corroborated NHS number',
      `≥ ${fmt(GOAL.recallNhs * 100, 1)} %`,
      recallOf(nhs),
      met(ratio(nhs) >= GOAL.recallNhs),
    ],
    [
      'recall, clean demographics without NHS',
      `≥ ${fmt(GOAL.recallClean * 100)} %`,
      recallOf(clean),
      met(ratio(clean) >= GOAL.recallClean),
    ],
    [
      'recall, hard demographic errors',
      `≥ ${fmt(GOAL.recallHard * 100)} %`,
      recallOf(hard),
      met(ratio(hard) >= GOAL.recallHard),
    ],
    [
      'possible rate (all probes)',
      `≤ ${fmt(GOAL.possibleRate * 100)} %`,
      pct(overall.possible, overall.probes),
      met(possibleRate <= GOAL.possibleRate),
    ],
    [
      `throughput (${fmt(records.length)}-record roster)`,
      `≥ ${fmt(GOAL.throughput)} msgs/s`,
      `${fmt(throughput)} msgs/s`,
      met(throughput >= GOAL.throughput),
    ],
  ]),
);
if (crashes.length > 0) console.log(`\n${crashes.length} probes crashed the matcher (see above).`);
