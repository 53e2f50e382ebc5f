import { type MatchRule, matchByIdentifier } from './rule.ts';

/** A valid NHS number held by a roster person, not contradicted by their name and birth date. */
export const nhsNumberRule: MatchRule = (context) => {
  const { nhsNumber } = context.probe;
  if (nhsNumber === undefined) return undefined;
  return matchByIdentifier(
    context,
    context.index.withNhsNumber(nhsNumber),
    'nhs-number',
    'The NHS number belongs to a roster person whose given name, or two of family name, birth date and sex, disagree',
  );
};
