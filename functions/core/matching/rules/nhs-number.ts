import { compareAll, identifierConflicts, type MatchRule } from './rule.ts';

/** A valid NHS number held by a roster person, not contradicted by their name and birth date. */
export const nhsNumberRule: MatchRule = (context) => {
  const { nhsNumber } = context.probe;
  if (nhsNumber === undefined) return undefined;
  for (const candidate of context.index.withNhsNumber(nhsNumber)) {
    const evidence = compareAll(context, candidate);
    if (identifierConflicts(evidence)) {
      context.conflicts.push({
        candidate: candidate.record,
        evidence,
        reason:
          'The NHS number belongs to a roster person whose given name, or two of family name, birth date and sex, disagree',
      });
      continue;
    }
    return {
      outcome: 'matched',
      method: 'nhs-number',
      score: 1,
      candidate: candidate.record,
      evidence,
      reasons: [],
    };
  }
  return undefined;
};
