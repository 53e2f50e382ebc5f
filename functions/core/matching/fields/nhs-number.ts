import type { FieldComparator } from './comparator.ts';

/**
 * Two valid NHS numbers that differ almost always mean two people (twins have the same everything
 * else). Seldom a typing slip, so not an absolute veto, but strong: a demographic match against a
 * different NHS number is at most possible, never matched (see rules/demographics.ts).
 */
export const nhsNumber: FieldComparator = (probe, candidate) => {
  if (probe.nhsNumber === undefined || candidate.nhsNumber === undefined) {
    return { field: 'nhsNumber', agreement: 'missing', weight: 0 };
  }
  if (probe.nhsNumber === candidate.nhsNumber) return { field: 'nhsNumber', agreement: 'exact', weight: 20 };
  return { field: 'nhsNumber', agreement: 'disagree', weight: -12 };
};
