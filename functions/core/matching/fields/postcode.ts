import { type FieldComparator, weight } from './comparator.ts';

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
    return { field: 'postcode', agreement: 'outward', weight: weight(0.1, 0.05) };
  return { field: 'postcode', agreement: 'disagree', weight: weight(0.1, 0.95) };
};
