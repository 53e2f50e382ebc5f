// A matching rule: one pure function per file, tried in the order of ./index.ts. A rule either
// decides (returns a result) or passes to the next, possibly leaving a conflict for review.
import { FIELD_COMPARATORS } from '../fields/index.ts';
import type { NormalisedPerson } from '../person.ts';
import type { IndexedRecord, RosterIndex } from '../roster-index.ts';
import type { FieldEvidence, MatchMethod, MatchResult, PersonRecord } from '../types.ts';

export interface Conflict {
  candidate: PersonRecord;
  evidence: FieldEvidence[];
  reason: string;
}

export interface MatchContext {
  probe: NormalisedPerson;
  index: RosterIndex;
  /** Identifier matches refused because nothing else agreed: for the review list. */
  conflicts: Conflict[];
}

export type MatchRule = (context: MatchContext) => MatchResult | undefined;

export function compareAll(context: MatchContext, candidate: IndexedRecord): FieldEvidence[] {
  return FIELD_COMPARATORS.map((compare) => compare(context.probe, candidate.person, context.index));
}

/**
 * An identifier is only as good as its typing. Its holder is not the person when the family name
 * and the birth date both disagree (the conflict of ARCHITECTURE §4.4), nor when any two of
 * family name, birth date and sex do, nor when the given name does: a mistyped number lands
 * most dangerously on a twin or a housemate, who share the family name and the address, often
 * the birth date, but not the given name.
 */
export function identifierConflicts(evidence: readonly FieldEvidence[]): boolean {
  const disagrees = (field: string) => evidence.find((e) => e.field === field)?.agreement === 'disagree';
  if (disagrees('givenName')) return true;
  return ['familyName', 'birthDate', 'sex'].filter(disagrees).length >= 2;
}

/**
 * The first holder of an identifier that nothing contradicts, as a match by `method`; holders
 * that are contradicted are left as conflicts for review.
 */
export function matchByIdentifier(
  context: MatchContext,
  holders: readonly IndexedRecord[],
  method: MatchMethod,
  conflictReason: string,
): MatchResult | undefined {
  for (const candidate of holders) {
    const evidence = compareAll(context, candidate);
    if (identifierConflicts(evidence)) {
      context.conflicts.push({ candidate: candidate.record, evidence, reason: conflictReason });
      continue;
    }
    return { outcome: 'matched', method, score: 1, candidate: candidate.record, evidence, reasons: [] };
  }
  return undefined;
}
