// Who, among the people a roster knows, a message is about.
import { normalisePerson } from './person.ts';
import type { RosterIndex } from './roster-index.ts';
import { MATCH_RULES } from './rules/index.ts';
import type { MatchContext } from './rules/rule.ts';
import type { MatchResult, Probe } from './types.ts';

export function matchPerson(probe: Probe, index: RosterIndex): MatchResult {
  const context: MatchContext = { probe: normalisePerson(probe), index, conflicts: [] };
  for (const rule of MATCH_RULES) {
    const result = rule(context);
    if (result !== undefined) return result;
  }
  return { outcome: 'unmatched', score: 0, evidence: [], reasons: [] };
}
