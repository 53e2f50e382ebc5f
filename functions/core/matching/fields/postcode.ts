import { type FieldComparator, weight } from './comparator.ts';

const SAME_DISTRICT_WEIGHT = weight(0.1, 0.05);
const OTHER_DISTRICT_WEIGHT = weight(0.1, 0.95);
/** What a postcode that is not the message's adds: in the same district, and elsewhere. */
export const OTHER_POSTCODE_WEIGHT = {
  outward: SAME_DISTRICT_WEIGHT,
  disagree: OTHER_DISTRICT_WEIGHT,
} as const;

/**
 * Households share a postcode, so exact agreement is weighted by how many on the roster live
 * there. People move, often nearby (same outward code), so disagreement costs little.
 */
export const postcode: FieldComparator = (probe, candidate, stats) => {
  if (probe.postcode === undefined || candidate.postcode === undefined) {
    return { field: 'postcode', agreement: 'missing', weight: 0 };
  }
  if (probe.postcode === candidate.postcode) {
    return {
      field: 'postcode',
      agreement: 'exact',
      weight: weight(0.8, stats.postcodeFrequency(candidate.postcode)),
    };
  }
  if (probe.outward === candidate.outward)
    return { field: 'postcode', agreement: 'outward', weight: SAME_DISTRICT_WEIGHT };
  return { field: 'postcode', agreement: 'disagree', weight: OTHER_DISTRICT_WEIGHT };
};
