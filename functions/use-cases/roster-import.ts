// Roster import (ARCHITECTURE §4.4): each valid row becomes one person on the subscriber's
// roster, with the hub's id for that person: the NHS number when there is one, else the id the
// subscriber's own local_id had before, else a person another roster already holds (a confident
// match only), else a new id. Invalid rows are reported with their line and skipped. A row whose
// NHS number another row (of this roster, or of another subscriber's) holds for someone clearly
// different is imported and reported: per-subscriber corroboration keeps it from misdirecting
// alerts, and the subscriber can correct it. Another subscriber's data is never shown.
import { matchPerson, type ParsedRosterRow, rowsConflict } from '../core/matching/index.ts';
import type { RosterEntry, RosterStore } from './ports/index.ts';
import { personRecordOf, rosterEntriesOf } from './roster-entries.ts';
import { loadRosterIndex } from './roster-snapshot.ts';

export interface ImportSummary {
  imported: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: { line: number; reason: string }[];
  /** Rows imported whose NHS number is also held for someone clearly different. */
  conflicts: { line: number; reason: string }[];
}

export interface ImportDependencies {
  rosters: RosterStore;
  newPersonId(): string;
  /** Called every so often with the number of rows read. */
  onProgress?(rows: number): void;
}

/** The same details, whatever the order of their fields (a stored entry comes back re-ordered). */
function sameEntry(a: RosterEntry, b: RosterEntry): boolean {
  const canonical = ({ line: _, ...rest }: RosterEntry) => JSON.stringify(rest, Object.keys(rest).sort());
  return canonical(a) === canonical(b);
}

export async function importRoster(
  subscriberId: string,
  rows: AsyncIterable<ParsedRosterRow>,
  options: { replace: boolean },
  deps: ImportDependencies,
): Promise<ImportSummary> {
  // The registry as the matcher sees it (compact shards), and this subscriber's roster as it was.
  const everyone = await loadRosterIndex(deps.rosters);
  const own = everyone.shardOf(subscriberId);
  const previous = own === undefined ? [] : rosterEntriesOf(own);
  const previousByPerson = new Map(previous.map((entry) => [entry.personId, entry]));
  const previousByLocalId = new Map(
    previous
      .filter((entry) => entry.localId !== undefined)
      .map((entry) => [entry.localId as string, entry.personId]),
  );

  const summary: ImportSummary = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    rejected: [],
    conflicts: [],
  };
  /** Per person, their rows in this upload: one, or more when the rows conflict. */
  const uploaded = new Map<string, RosterEntry[]>();
  let read = 0;
  for await (const row of rows) {
    read++;
    if (read % 1000 === 0) deps.onProgress?.(read);
    if (!row.ok) {
      summary.rejected.push({ line: row.line, reason: row.reason });
      continue;
    }
    const { record } = row;
    const localId = record.localIds[0];
    let personId = record.nhsNumber ?? (localId === undefined ? undefined : previousByLocalId.get(localId));
    if (personId === undefined) {
      const match = matchPerson({ ...record, identifiers: record.localIds }, everyone);
      personId = match.outcome === 'matched' ? match.candidate?.personId : undefined;
    }
    personId ??= deps.newPersonId();
    const { localIds: _, personId: __, ...details } = record;
    const entry: RosterEntry = { ...details, personId, line: row.line, localId };
    const earlier = uploaded.get(personId);
    if (earlier !== undefined) {
      // The same NHS number twice: a duplicate row, or a typing slip into someone else's row.
      const [first] = earlier as [RosterEntry];
      if (!rowsConflict(record, personRecordOf(first), everyone)) {
        summary.rejected.push({ line: row.line, reason: `the same person as line ${first.line}` });
        continue;
      }
      summary.conflicts.push({
        line: row.line,
        reason: `line ${first.line} has the same NHS number for someone with another name or birth date`,
      });
      earlier.push(entry);
      continue;
    }
    if (record.nhsNumber !== undefined) {
      const elsewhere = everyone
        .withNhsNumber(record.nhsNumber)
        .filter(({ record: other }) => other.subscriberId !== subscriberId);
      if (elsewhere.some(({ record: other }) => rowsConflict(record, other, everyone))) {
        summary.conflicts.push({
          line: row.line,
          reason:
            'another subscriber’s roster has this NHS number for someone with another name or birth date',
        });
      }
    }
    uploaded.set(personId, [entry]);
  }
  deps.onProgress?.(read);

  for (const [personId, entries] of uploaded) {
    const [entry, ...more] = entries as [RosterEntry, ...RosterEntry[]];
    const before = previousByPerson.get(personId);
    if (before === undefined) summary.imported++;
    else if (sameEntry(before, entry)) summary.unchanged++;
    else summary.updated++;
    summary.imported += more.length;
  }
  const latest = [...uploaded.values()].flat();
  let roster: RosterEntry[];
  if (options.replace) {
    summary.removed = previous.filter((entry) => !uploaded.has(entry.personId)).length;
    roster = latest;
  } else {
    roster = [...previous.filter((entry) => !uploaded.has(entry.personId)), ...latest];
  }
  await deps.rosters.saveRoster(subscriberId, roster);
  return summary;
}
