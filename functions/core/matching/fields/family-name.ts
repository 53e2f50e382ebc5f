import { jaroWinkler } from '../names.ts';
import { type FieldComparator, weight } from './comparator.ts';

const SIMILAR_FAMILY_NAME_WEIGHT = weight(0.05, 0.004);
const DIFFERENT_FAMILY_NAME_WEIGHT = weight(0.03, 0.99);
/** The most a family name other than the message's own can add, whatever it is. */
export const OTHER_FAMILY_NAME_MAX_WEIGHT = Math.max(
  SIMILAR_FAMILY_NAME_WEIGHT,
  DIFFERENT_FAMILY_NAME_WEIGHT,
);

/**
 * Exact: weighted by how common the name is in the roster (Smith proves less than Oyelaran).
 * Similar: one part of a double-barrelled name, or a near spelling (a typo or transposition).
 * Disagree is not rare for the same person (marriage, a name anglicised), so it costs less
 * than a birth date that disagrees.
 */
export const familyName: FieldComparator = (probe, candidate, stats) => {
  if (probe.familyKey === undefined || candidate.familyKey === undefined) {
    return { field: 'familyName', agreement: 'missing', weight: 0 };
  }
  if (probe.familyKey === candidate.familyKey) {
    return {
      field: 'familyName',
      agreement: 'exact',
      weight: weight(0.92, stats.familyFrequency(candidate.familyKey)),
    };
  }
  const sharesPart =
    probe.familyParts.length + candidate.familyParts.length > 2 &&
    probe.familyParts.some((part) => part.length > 1 && candidate.familyParts.includes(part));
  if (sharesPart || jaroWinkler(probe.familyKey, candidate.familyKey) >= 0.92) {
    return { field: 'familyName', agreement: 'similar', weight: SIMILAR_FAMILY_NAME_WEIGHT };
  }
  return { field: 'familyName', agreement: 'disagree', weight: DIFFERENT_FAMILY_NAME_WEIGHT };
};
