// Roster import (ARCHITECTURE §4.4): each valid row becomes one person on the subscriber's
// roster, with the hub's id for that person: the NHS number when there is one, else the id the
// subscriber's own local_id had before, else a person another roster already holds (a confident
// match only), else a new id. Invalid rows are reported with their line and skipped.
import { matchPerson, type ParsedRosterRow, RosterIndex } from '../core/matching/index.ts';
import type { RosterEntry, RosterStore } from './ports/index.ts';
import { personRecordOf } from './roster-snapshot.ts';

export interface ImportSummary {
  imported: number;
  updated: number;
  unchanged: number;
  removed: number;
  rejected: { line: number; reason: string }[];
}

export interface ImportDependencies {
  rosters: RosterStore;
  newPersonId(): string;
  /** Called every so often with the number of rows read. */
  onProgress?(rows: number): void;
}

function sameEntry(a: RosterEntry, b: RosterEntry): boolean {
  const { line: _a, ...restA } = a;
  const { line: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

export async function importRoster(
  subscriberId: string,
  rows: AsyncIterable<ParsedRosterRow>,
  options: { replace: boolean },
  deps: ImportDependencies,
): Promise<ImportSummary> {
  const rosters = await deps.rosters.loadRosters();
  const previous = rosters.get(subscriberId) ?? [];
  const previousByPerson = new Map(previous.map((entry) => [entry.personId, entry]));
  const previousByLocalId = new Map(
    previous
      .filter((entry) => entry.localId !== undefined)
      .map((entry) => [entry.localId as string, entry.personId]),
  );
  const everyone = new RosterIndex([...rosters.values()].flat().map(personRecordOf));

  const summary: ImportSummary = { imported: 0, updated: 0, unchanged: 0, removed: 0, rejected: [] };
  const uploaded = new Map<string, RosterEntry>();
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
    const earlier = uploaded.get(personId);
    if (earlier !== undefined) {
      summary.rejected.push({ line: row.line, reason: `the same person as line ${earlier.line}` });
      continue;
    }
    const { localIds: _, personId: __, ...details } = record;
    uploaded.set(personId, { ...details, personId, line: row.line, localId });
  }
  deps.onProgress?.(read);

  for (const [personId, entry] of uploaded) {
    const before = previousByPerson.get(personId);
    if (before === undefined) summary.imported++;
    else if (sameEntry(before, entry)) summary.unchanged++;
    else summary.updated++;
  }
  let roster: RosterEntry[];
  if (options.replace) {
    summary.removed = previous.filter((entry) => !uploaded.has(entry.personId)).length;
    roster = [...uploaded.values()];
  } else {
    roster = [...previous.filter((entry) => !uploaded.has(entry.personId)), ...uploaded.values()];
  }
  await deps.rosters.saveRoster(subscriberId, roster);
  return summary;
}
