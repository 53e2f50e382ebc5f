// Matching benchmark (`npm run bench:match`): the patient matcher against a synthetic roster of
// 6,000 people and 10,000 hospital patients with ground truth (bench/population/). Rows are
// imported as the hub imports them (a row's person id is its NHS number when it has one) and the
// hub's learned hospital numbers are taught to the index. Each match is followed, as in the hub,
// by judgeRows: only rows that agree with the message would be alerted. Reports wrong-person
// outcomes (an alerted row of anyone but the truth, or any match for someone not on the roster:
// a data breach), recall by case kind and group, the rate of `possible` (human review) outcomes
// and what lands on the review list, the not-on-roster probes again with one or two mistakes
// each (bench/population/mistakes.ts), and throughput; then a table of goals, met or not. Prints
// figures only: exits non-zero only when something crashes (the generator, the roster, or the
// matcher on a probe).

import {
  type FieldEvidence,
  judgeRows,
  learnedKey,
  type MatchResult,
  matchPerson,
  type PersonRecord,
  type Probe,
  parseRosterRow,
  probeFromPatient,
  RosterIndex,
  type RowVerdict,
} from '../functions/core/matching/index.ts';
import { Rng } from './lib/random.ts';
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
import { MISTAKES, withMistakes } from './population/mistakes.ts';

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
const { rosterRows, rowKinds, learned, probes, stats } = scenario;
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
    `twin pairs: ${stats.twinPairsBothOnRoster} both on the roster, ${stats.twinPairsOneOnRoster} one ` +
    `(named as forms of each other: ${stats.nicknameTwinPairsBothOnRoster} both, ` +
    `${stats.nicknameTwinPairsOneOnRoster} one; spelt alike: ${stats.alikeTwinPairsBothOnRoster} both, ` +
    `${stats.alikeTwinPairsOneOnRoster} one; of one initial: ${stats.sameInitialTwinPairsOneOnRoster} one); ` +
    `${stats.rowsWithAnotherPersonsNhs} rows carry another ` +
    `roster person's NHS number; ${fmt(stats.learnedNumbers)} have a hospital number the hub learned.`,
);
if (stats.replacedProbes > 0) {
  console.log(`  ${stats.replacedProbes} probes had nobody eligible for their kind and became nhs-clean.`);
}

// --- Roster -------------------------------------------------------------------------------------

// As the hub imports a roster: a row's person id is its NHS number when it has one, so two rows
// carrying one number (one of them by mistake) are one person with two rows.
const records: PersonRecord[] = [];
const recordOfRow = new Map<number, PersonRecord>();
const rejectedRows = new Set<number>();
const rejectReasons = new Map<string, number>();
let rejectedJunk = 0;
for (const [i, row] of rosterRows.entries()) {
  // The header is line 1, so row i is line i + 2.
  const result = parseRosterRow(row, i + 2);
  if (result.ok) {
    const record = { ...result.record, personId: result.record.nhsNumber ?? result.record.personId };
    records.push(record);
    recordOfRow.set(i, record);
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

/** The roster row a record came from. */
const rowOf = (record: PersonRecord): number => (record.line ?? 0) - 2;

const indexStart = performance.now();
const index = RosterIndex.fromRecords(records);
const indexMs = performance.now() - indexStart;
// The hospital numbers the hub learned, each for the person of its row.
let learnedTaught = 0;
for (const { facility, identifier, row } of learned) {
  const record = recordOfRow.get(row);
  if (record === undefined) continue;
  index.learnIdentifier(learnedKey(facility, identifier), record.personId);
  learnedTaught++;
}
const personIds = new Set(records.map((r) => r.personId));
console.log(
  `Index: ${fmt(records.length)} records (${fmt(personIds.size)} person ids) in ${fmt(indexMs, 1)} ms; ` +
    `${fmt(learnedTaught)} learned hospital numbers taught.`,
);

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
  /** The roster rows of the candidate person (matched or possible), if any. */
  candidateRows: number[];
  /** Each row of the matched person, judged against the message (empty unless matched). */
  verdicts: RowVerdict[];
  /** The rows that agree: the ones the hub would alert. */
  alertedRows: number[];
}

const outcomes: Outcome[] = [];
const crashes: { probe: ScenarioProbe; error: unknown }[] = [];
const passStart = performance.now();
for (const probe of probes) {
  try {
    const matcherProbe = probeFromPatient(probe.patient, probe.facility);
    const result = matchPerson(matcherProbe, index);
    const verdicts = judgeRows(matcherProbe, result, index);
    const candidateRows =
      result.candidate === undefined
        ? []
        : index.withPersonId(result.candidate.personId).map((r) => rowOf(r.record));
    const alertedRows = verdicts.filter((v) => v.agrees).map((v) => rowOf(v.record));
    outcomes.push({ probe, result, matcherProbe, candidateRows, verdicts, alertedRows });
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

/**
 * A breach: a match for someone the roster does not know, or an alerted row that is not the
 * truth's (rows compared by index: two rows may share a person id).
 */
const isWrongPerson = (o: Outcome): boolean =>
  o.result.outcome === 'matched' &&
  (o.probe.truth === null || o.alertedRows.some((row) => row !== o.probe.truth));
/** Matched, and the truth's row is alerted (and no one else's). */
const isRight = (o: Outcome): boolean =>
  o.result.outcome === 'matched' &&
  o.probe.truth !== null &&
  o.alertedRows.includes(o.probe.truth) &&
  !isWrongPerson(o);
const conflictingRows = (o: Outcome): RowVerdict[] => o.verdicts.filter((v) => !v.agrees);

interface Tally {
  probes: number;
  onRoster: number;
  right: number;
  wrong: number;
  possible: number;
  possibleWithTruth: number;
  unmatched: number;
  /** Rows of matched people judged not to agree with the message: review items in the hub. */
  conflicting: number;
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
    conflicting: 0,
  };
  for (const o of items) {
    t.probes++;
    if (o.probe.truth !== null) t.onRoster++;
    if (isWrongPerson(o)) t.wrong++;
    else if (isRight(o)) t.right++;
    if (o.result.outcome === 'possible') {
      t.possible++;
      if (o.probe.truth !== null && o.candidateRows.includes(o.probe.truth)) t.possibleWithTruth++;
    }
    if (o.result.outcome === 'unmatched') t.unmatched++;
    t.conflicting += conflictingRows(o).length;
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
  fmt(t.conflicting),
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
  'conflicting',
  'recall',
  'possible %',
];

console.log("\nBy case kind (recall = matched with the truth's row alerted, and no other / probes whose");
console.log("truth is on the roster; WRONG = an alerted row not the truth's, or a match for someone not");
console.log('on the roster; "(truth)" = possible outcomes whose candidate is the truth; conflicting = rows');
console.log('of the matched person judged not to agree with the message, which go to review):');
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
      `matched without alerting the truth's row alone ${outcomesOf('matched')}); ` +
      `most common notes: ${topNotes(misses, 6)}`,
  );
  const reasons = new Map<string, number>();
  for (const o of misses) for (const r of o.result.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const topReasons = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [reason, n] of topReasons) console.log(`      reason ${n} × ${reason}`);
}

// --- Wrong-person matches -----------------------------------------------------------------------

const wrong = outcomes.filter(isWrongPerson);
const wrongNotOnRoster = wrong.filter((o) => o.probe.truth === null);
console.log(
  `\nWrong-person matches: ${fmt(wrong.length)}` +
    (wrong.length === 0
      ? ''
      : ` (${fmt(wrong.length - wrongNotOnRoster.length)} alerted a row not the truth's; ` +
        `${fmt(wrongNotOnRoster.length)} matched someone not on the roster, ` +
        `${fmt(wrongNotOnRoster.filter((o) => o.alertedRows.length > 0).length)} of them with a row alerted)`),
);
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
    const truthRecord = o.probe.truth === null ? undefined : recordOfRow.get(o.probe.truth);
    console.log(`\n  #${n + 1} ${o.probe.kind} (${CASE_KINDS[o.probe.kind].about})`);
    console.log(`     notes    ${o.probe.notes.join(', ') || '—'}`);
    console.log(`     message  ${o.probe.facility} | ${describeProbe(o.matcherProbe)}`);
    console.log(
      `     truth    ${o.probe.truth === null ? 'not on the roster' : truthRecord === undefined ? `row ${o.probe.truth} (rejected)` : describeRecord(truthRecord)}`,
    );
    console.log(
      `     matched  ${o.result.candidate === undefined ? '—' : describeRecord(o.result.candidate)}`,
    );
    for (const verdict of o.verdicts) {
      const row = rowOf(verdict.record);
      const label = !verdict.agrees ? 'conflict' : row === o.probe.truth ? 'alerted ✓' : 'ALERTED';
      console.log(`     ${label.padEnd(8)} row ${row}: ${describeRecord(verdict.record)}`);
      if (verdict.reason !== undefined) console.log(`              (${verdict.reason})`);
    }
    console.log(`     method   ${o.result.method ?? '—'}, score ${fmt(o.result.score, 4)}`);
    console.log(`     evidence ${describeEvidence(o.result.evidence)}`);
    console.log(`     reasons  ${o.result.reasons.join('; ') || '—'}`);
  }
}

// --- The review list ----------------------------------------------------------------------------

// In the hub, a `possible` outcome and a row judged conflicting each become a review item: a
// person reads them. Grouped by why, with the case kinds behind each, so one can see what each is.
const possibles = outcomes.filter((o) => o.result.outcome === 'possible');
const conflicts = outcomes.flatMap((o) => conflictingRows(o).map((verdict) => ({ o, verdict })));
/** Counts by reason, each with its commonest case kinds. */
function byReason(items: readonly { reason: string; kind: string }[]): string[] {
  const groups = new Map<string, Map<string, number>>();
  for (const { reason, kind } of items) {
    const kinds = groups.get(reason) ?? new Map<string, number>();
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    groups.set(reason, kinds);
  }
  const total = (kinds: Map<string, number>): number => [...kinds.values()].reduce((a, b) => a + b, 0);
  return [...groups]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .map(([reason, kinds]) => {
      const top = [...kinds]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      return `${fmt(total(kinds)).padStart(6)} × ${reason}\n           kinds: ${top}${kinds.size > 4 ? ', …' : ''}`;
    });
}
console.log(
  `\nWhat lands on the review list: ${fmt(possibles.length)} possible outcomes ` +
    `(${pct(possibles.length, outcomes.length)} of probes) and ${fmt(conflicts.length)} rows judged conflicting.`,
);
console.log(`  possible, by the matcher's first reason:`);
for (const line of byReason(
  possibles.map((o) => ({ reason: o.result.reasons[0] ?? '(no reason given)', kind: o.probe.kind })),
))
  console.log(`  ${line}`);
if (conflicts.length > 0) {
  console.log(`  conflicting rows (matched person, row not alerted), by judgeRows' reason:`);
  for (const line of byReason(
    conflicts.map(({ o, verdict }) => ({
      reason: verdict.reason ?? '(no reason given)',
      kind: o.probe.kind,
    })),
  ))
    console.log(`  ${line}`);
}

// --- Mistakes on people the roster does not know -----------------------------------------------

// Records of people on no roster carry mistakes as often as anyone's, and a mistake can move them
// towards a roster person (a twin sent with an initial, a namesake sent without a postcode). Each
// not-on-roster probe is matched again with every mistake and every pair of them: any match is a
// wrong person. A figure beside the goals, not one of them: the residue is two mistakes at once on
// a twin or a namesake, each rarer than the match threshold allows for.
const mistakesStart = performance.now();
const mistakeRng = new Rng(SEED ^ 0x5eed);
let mistaken = 0;
const mistakenWrong = new Map<string, number>();
for (const o of outcomes) {
  if (o.probe.truth !== null) continue;
  for (const { mistakes, probe } of withMistakes(o.matcherProbe, mistakeRng)) {
    mistaken++;
    if (matchPerson(probe, index).outcome !== 'matched') continue;
    const key = `${o.probe.kind}: ${mistakes}`;
    mistakenWrong.set(key, (mistakenWrong.get(key) ?? 0) + 1);
  }
}
const mistakenWrongTotal = [...mistakenWrong.values()].reduce((sum, n) => sum + n, 0);
console.log(
  `\nMistakes on people the roster does not know: the ${fmt(overall.probes - overall.onRoster)} not-on-roster ` +
    `probes again with each of ${Object.keys(MISTAKES).length} mistakes (${Object.keys(MISTAKES).join(', ')}) ` +
    `and each pair: ${fmt(mistaken)} messages in ${fmt(performance.now() - mistakesStart)} ms; ` +
    `wrong person ${fmt(mistakenWrongTotal)} (${pct(mistakenWrongTotal, mistaken, 3)}).`,
);
for (const [key, n] of [...mistakenWrong].sort((a, b) => b[1] - a[1]).slice(0, EXAMPLES))
  console.log(`  ${n} × ${key}`);

// --- Throughput ---------------------------------------------------------------------------------

// The hub's decision per message on the built index: probeFromPatient, matchPerson, judgeRows.
const perProbeMs = correctnessMs / Math.max(1, probes.length);
const passSize = Math.max(
  1,
  Math.min(probes.length, Math.floor(TIMED_BUDGET_MS / TIMED_PASSES / Math.max(perProbeMs, 1e-6))),
);
const timedProbes = probes.slice(0, passSize);
/** The rows the passes judged, so that no work can be optimised away. */
let sink = 0;
let timedCrashes = 0;
const passMs: number[] = [];
for (let pass = 0; pass < TIMED_PASSES; pass++) {
  const start = process.hrtime.bigint();
  for (const { patient, facility } of timedProbes) {
    try {
      const matcherProbe = probeFromPatient(patient, facility);
      sink += judgeRows(matcherProbe, matchPerson(matcherProbe, index), index).length;
    } catch {
      timedCrashes++;
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
    `index built in ${fmt(indexMs)} ms; ${fmt(sink / TIMED_PASSES)} rows judged per pass).`,
);

if (timedCrashes > 0) console.log(`(${timedCrashes} probes crashed in the timed passes)`);

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
