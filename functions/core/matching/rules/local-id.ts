import { type MatchRule, matchByIdentifier } from './rule.ts';

/**
 * An identifier the roster holds for the person (a subscriber's own id), or a hospital number the
 * hub learned for them from the same facility, corroborated the same way as an NHS number.
 */
export const localIdRule: MatchRule = (context) => {
  const { facility } = context.probe;
  for (const identifier of context.probe.identifiers) {
    const learned = facility === undefined ? [] : context.index.withLearnedIdentifier(facility, identifier);
    const match = matchByIdentifier(
      context,
      [...context.index.withIdentifier(identifier), ...learned],
      'local-id',
      'A local identifier belongs to a roster person whose given name, or two of family name, birth date and sex, disagree',
    );
    if (match !== undefined) return match;
  }
  return undefined;
};
