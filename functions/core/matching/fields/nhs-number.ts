import type { FieldComparator } from './comparator.ts';

/**
 * Two valid NHS numbers that differ almost always mean two people (twins have the same everything
 * else). Seldom a typing slip, so not an absolute veto, but strong: a demographic match against a
 * different NHS number is at most possible unless every other detail is the same (see
 * rules/demographics.ts).
 */
export const nhsNumber: FieldComparator = (probe, candidate) => {
  if (probe.nhsNumber === undefined || candidate.nhsNumber === undefined) {
    return { field: 'nhsNumber', agreement: 'missing', weight: 0 };
  }
  if (probe.nhsNumber === candidate.nhsNumber)
    return { field: 'nhsNumber', agreement: 'exact', weight: NHS_NUMBER_WEIGHT.exact };
  return { field: 'nhsNumber', agreement: 'disagree', weight: NHS_NUMBER_WEIGHT.disagree };
};

export const NHS_NUMBER_WEIGHT = { exact: 20, disagree: -12 } as const;
