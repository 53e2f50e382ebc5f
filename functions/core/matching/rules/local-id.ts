import { compareAll, identifierConflicts, type MatchRule } from './rule.ts';

/**
 * An identifier the roster holds for the person (a subscriber's own id, or a hospital number the
 * hub learned), corroborated the same way as an NHS number.
 */
export const localIdRule: MatchRule = (context) => {
  for (const identifier of context.probe.identifiers) {
    for (const candidate of context.index.withIdentifier(identifier)) {
      const evidence = compareAll(context, candidate);
      if (identifierConflicts(evidence)) {
        context.conflicts.push({
          candidate: candidate.record,
          evidence,
          reason:
            'A local identifier belongs to a roster person whose given name, or two of family name, birth date and sex, disagree',
        });
        continue;
      }
      return {
        outcome: 'matched',
        method: 'local-id',
        score: 1,
        candidate: candidate.record,
        evidence,
        reasons: [],
      };
    }
  }
  return undefined;
};
