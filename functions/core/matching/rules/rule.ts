// A matching rule: one pure function per file, tried in the order of ./index.ts. A rule either
// decides (returns a result) or passes to the next, possibly leaving a conflict for review.
import { FIELD_COMPARATORS } from '../fields/index.ts';
import type { NormalisedPerson } from '../person.ts';
import type { IndexedRecord, RosterIndex } from '../roster-index.ts';
import type { FieldEvidence, MatchResult, PersonRecord } from '../types.ts';

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
 * An identifier is only as good as its typing. When the family name and the birth date both
 * disagree with the person who holds it, it is far likelier a mistyped number than the same person.
 */
export function identifierConflicts(evidence: readonly FieldEvidence[]): boolean {
  const agreement = (field: string) => evidence.find((e) => e.field === field)?.agreement;
  return agreement('familyName') === 'disagree' && agreement('birthDate') === 'disagree';
}
