import { type MatchRule, matchByIdentifier } from './rule.ts';

/**
 * An identifier the roster holds for the person (a subscriber's own id, or a hospital number the
 * hub learned), corroborated the same way as an NHS number.
 */
export const localIdRule: MatchRule = (context) => {
  for (const identifier of context.probe.identifiers) {
    const match = matchByIdentifier(
      context,
      context.index.withIdentifier(identifier),
      'local-id',
      'A local identifier belongs to a roster person whose given name, or two of family name, birth date and sex, disagree',
    );
    if (match !== undefined) return match;
  }
  return undefined;
};
