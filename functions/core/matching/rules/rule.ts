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
 * An identifier is only as good as its typing. Its holder is not the person when the given name
 * disagrees (a mistyped number lands most dangerously on a twin or a housemate, who share the
 * family name, the address and often the birth date, but not the given name), nor when the birth
 * date flatly disagrees (a parent and a child share names and addresses; a keying slip or a
 * day/month swap is not a disagreement), nor when family name and sex both do.
 */
export function identifierConflicts(evidence: readonly FieldEvidence[]): boolean {
  const disagrees = (field: string) => evidence.find((e) => e.field === field)?.agreement === 'disagree';
  if (disagrees('givenName') || disagrees('birthDate')) return true;
  return disagrees('familyName') && disagrees('sex');
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
      // Someone's identifier on someone else's details: the message's, or the row's, is wrong, and
      // either way a person should look (a roster row with another's NHS number is how alerts go
      // astray).
      context.conflicts.push({ candidate: candidate.record, evidence, reason: conflictReason });
      continue;
    }
    return { outcome: 'matched', method, score: 1, candidate: candidate.record, evidence, reasons: [] };
  }
  return undefined;
}
