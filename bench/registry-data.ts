// A registry of a care system's size for `npm run bench:registry`: bench:match's population
// (bench/population/) repeated until it has the rows asked for, each copy a different set of people
// (other NHS numbers, birth dates and local ids; the same names and postcodes, so copies are
// namesakes, the hard case for blocking), cut into rosters of equal size.
import { type PersonRecord, parseRosterRow } from '../functions/core/matching/index.ts';
import type { RosterEntry } from '../functions/use-cases/ports/index.ts';
import { rosterEntryOf } from '../functions/use-cases/roster-entries.ts';
import { generateScenario, type Scenario } from './population/index.ts';

export interface Registry {
  scenario: Scenario;
  /** Copy 0: the population's own roster, the people its probes are about. */
  base: PersonRecord[];
  /** Row index in the population's roster → the record made from it (copy 0). */
  recordOfRow: Map<number, PersonRecord>;
  rosters: { subscriberId: string; entries: RosterEntry[] }[];
  rows: number;
}

/** The check digit of a nine-digit NHS number stem (modulus 11), or undefined when there is none. */
function nhsCheckDigit(stem: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(stem[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** Valid NHS numbers none of the population uses (its stems start 9, 4 or 6; these start 5). */
function* nhsNumbers(): Generator<string> {
  for (let n = 500_000_000; ; n++) {
    const stem = String(n);
    const check = nhsCheckDigit(stem);
    if (check !== undefined) yield `${stem}${check}`;
  }
}

function digitsApart(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/**
 * Another birth date for copy `copy`: at least three digits from the original, so that a probe's
 * one-digit slip of the original is never a copy's exact date.
 */
function otherBirthDate(date: string, copy: number): string {
  const start = Date.parse(`${date}T00:00:00Z`);
  for (let days = 400 + ((copy * 7919) % 15_000); ; days += 37) {
    const moved = new Date(start - days * 86_400_000).toISOString().slice(0, 10);
    if (digitsApart(moved.replace(/-/g, ''), date.replace(/-/g, '')) >= 3) return moved;
  }
}

export function buildRegistry(options: { rows: number; subscribers: number; seed: number }): Registry {
  const scenario = generateScenario({ rosterSize: 6_000, probeCount: 10_000, seed: options.seed });
  const base: PersonRecord[] = [];
  const recordOfRow = new Map<number, PersonRecord>();
  for (const [i, row] of scenario.rosterRows.entries()) {
    const parsed = parseRosterRow(row, i + 2);
    if (!parsed.ok) continue;
    // As the hub imports a roster: a row's person id is its NHS number when it has one.
    const record = { ...parsed.record, personId: parsed.record.nhsNumber ?? `p-${i + 2}` };
    base.push(record);
    recordOfRow.set(i, record);
  }
  const numbers = nhsNumbers();
  const all: PersonRecord[] = [...base];
  for (let copy = 1; all.length < options.rows; copy++) {
    for (const record of base) {
      if (all.length >= options.rows) break;
      const nhsNumber = record.nhsNumber === undefined ? undefined : (numbers.next().value as string);
      all.push({
        ...record,
        personId: nhsNumber ?? `c${copy}-${record.personId}`,
        ...(nhsNumber !== undefined && { nhsNumber }),
        ...(record.birthDate !== undefined && { birthDate: otherBirthDate(record.birthDate, copy) }),
        localIds: record.localIds.map((id) => `${id}-${copy}`),
      });
    }
  }
  const perRoster = Math.ceil(all.length / options.subscribers);
  const rosters = Array.from({ length: options.subscribers }, (_, s) => ({
    subscriberId: `SUB-${String(s).padStart(3, '0')}`,
    entries: all.slice(s * perRoster, (s + 1) * perRoster).map((record, i) => ({
      ...rosterEntryOf(record),
      line: i + 2,
    })),
  })).filter((roster) => roster.entries.length > 0);
  return { scenario, base, recordOfRow, rosters, rows: all.length };
}
