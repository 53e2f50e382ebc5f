// Per-subscriber corroboration (ARCHITECTURE §4.5): once a message is matched to a person, each
// roster row of that person is judged on its own, by the rules the match itself needs. A subscriber
// hears about the person only through a row that agrees with the message; a row that conflicts (the
// message's NHS number typed into another person's row, say) gets nothing, and goes to review.
import { learnedKey, normalisePerson } from './person.ts';
import type { IndexedRecord, RosterIndex } from './roster-index.ts';
import { indexedRecord } from './roster-shard.ts';
import { demographicallyConfident, objections, sameInEveryDetail } from './rules/demographics.ts';
import { compareAll, identifierConflicts, type MatchContext } from './rules/rule.ts';
import type { FieldEvidence, MatchResult, PersonRecord, Probe } from './types.ts';

export interface RowVerdict {
  record: PersonRecord;
  agrees: boolean;
  evidence: FieldEvidence[];
  /** Why a row that does not agree does not. */
  reason?: string;
}

/** Why one row does not describe the person the message is about; undefined when it does. */
function disagreement(
  context: MatchContext,
  row: IndexedRecord,
  evidence: FieldEvidence[],
): string | undefined {
  const { probe } = context;
  const { person } = row;
  const sharedNhs = probe.nhsNumber !== undefined && probe.nhsNumber === person.nhsNumber;
  const sharedLocalId = probe.identifiers.some((id) => person.identifiers.includes(id));
  const learned =
    probe.facility !== undefined &&
    probe.identifiers.some(
      (id) => context.index.learnedPersonId(learnedKey(probe.facility as string, id)) === row.record.personId,
    );
  if (sharedNhs || sharedLocalId || learned) {
    return identifierConflicts(evidence)
      ? 'The row carries an identifier of the message, but its given name, its birth date, or its family name and sex disagree'
      : undefined;
  }
  if (probe.nhsNumber !== undefined && person.nhsNumber !== undefined && !sameInEveryDetail(evidence))
    return 'The row carries another NHS number';
  // No identifier in common: its demographics alone must make the match, with nothing against it.
  const [reason] = objections(evidence, probe, person, context.index);
  if (reason !== undefined) return reason;
  return demographicallyConfident(evidence, probe, person, context.index)
    ? undefined
    : 'The row’s name, birth date and postcode do not make a confident match on their own';
}

/**
 * Each roster row of the person a message was matched to, and whether it agrees with the message.
 * Empty when the message was not matched.
 */
export function judgeRows(probe: Probe, result: MatchResult, index: RosterIndex): RowVerdict[] {
  if (result.outcome !== 'matched' || result.candidate === undefined) return [];
  const context: MatchContext = { probe: normalisePerson(probe), index, conflicts: [] };
  return index.withPersonId(result.candidate.personId).map((row) => {
    const evidence = compareAll(context, row);
    const reason = disagreement(context, row, evidence);
    return {
      record: row.record,
      agrees: reason === undefined,
      evidence,
      ...(reason !== undefined && { reason }),
    };
  });
}

/**
 * Whether two roster rows that share an identifier clearly describe different people (the rule an
 * identifier match needs: given name, birth date, or family name and sex disagreeing): a typing
 * slip a roster import reports.
 */
export function rowsConflict(a: PersonRecord, b: PersonRecord, stats: RosterIndex): boolean {
  const probe = normalisePerson({ ...a, identifiers: a.localIds });
  const context: MatchContext = { probe, index: stats, conflicts: [] };
  return identifierConflicts(compareAll(context, indexedRecord(b)));
}
