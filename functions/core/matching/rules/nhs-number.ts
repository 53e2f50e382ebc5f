import { compareAll, identifierConflicts, type MatchRule } from './rule.ts';

/** A valid NHS number held by a roster person, corroborated by their family name or birth date. */
export const nhsNumberRule: MatchRule = (context) => {
  const { nhsNumber } = context.probe;
  if (nhsNumber === undefined) return undefined;
  for (const candidate of context.index.withNhsNumber(nhsNumber)) {
    const evidence = compareAll(context, candidate);
    if (identifierConflicts(evidence)) {
      context.conflicts.push({
        candidate: candidate.record,
        evidence,
        reason: 'The NHS number belongs to a roster person whose family name and birth date both disagree',
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
