import { type FieldComparator, weight } from './comparator.ts';

export const SEX_WEIGHT = { exact: weight(0.97, 0.5), disagree: weight(0.03, 0.5) } as const;

/** Female or male only: other and unknown say nothing either way. */
export const sex: FieldComparator = (probe, candidate) => {
  if (probe.sex === undefined || candidate.sex === undefined)
    return { field: 'sex', agreement: 'missing', weight: 0 };
  if (probe.sex === candidate.sex) return { field: 'sex', agreement: 'exact', weight: SEX_WEIGHT.exact };
  return { field: 'sex', agreement: 'disagree', weight: SEX_WEIGHT.disagree };
};
