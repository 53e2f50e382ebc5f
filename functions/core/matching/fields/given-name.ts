import { jaroWinkler, oneEditApart } from '../names.ts';
import { areNicknames } from '../nicknames.ts';
import { type FieldComparator, weight } from './comparator.ts';

/** A message's first name among the row's other given names (someone known by a middle name). */
const MIDDLE_NAME_WEIGHT = weight(0.02, 0.002);
const NICKNAME_WEIGHT = weight(0.04, 0.002);
const INITIAL_OF_NAME_WEIGHT = weight(0.02, 0.004);
const NEAR_SPELLING_WEIGHT = weight(0.03, 0.003);
const DIFFERENT_NAME_WEIGHT = weight(0.01, 0.98);

/** The most a first name other than the message's own can add, whatever it is. */
export const OTHER_GIVEN_NAME_MAX_WEIGHT = Math.max(
  MIDDLE_NAME_WEIGHT,
  NICKNAME_WEIGHT,
  INITIAL_OF_NAME_WEIGHT,
  NEAR_SPELLING_WEIGHT,
  DIFFERENT_NAME_WEIGHT,
);

/**
 * The first given name against the first: exact (weighted by how common it is), a nickname
 * (Bill, William), an initial, a near spelling; or someone known by a middle name. Twins share
 * everything but this, so a disagreement weighs heavily.
 */
export const givenName: FieldComparator = (probe, candidate, stats) => {
  const [first] = probe.givenNames;
  const [other] = candidate.givenNames;
  if (first === undefined || other === undefined)
    return { field: 'givenName', agreement: 'missing', weight: 0 };
  if (first === other) {
    if (first.length === 1) return { field: 'givenName', agreement: 'initial', weight: weight(0.9, 0.08) };
    return { field: 'givenName', agreement: 'exact', weight: weight(0.9, stats.givenFrequency(other)) };
  }
  if (areNicknames(first, other))
    return { field: 'givenName', agreement: 'nickname', weight: NICKNAME_WEIGHT };
  if ((first.length === 1 && other.startsWith(first)) || (other.length === 1 && first.startsWith(other))) {
    return { field: 'givenName', agreement: 'initial', weight: INITIAL_OF_NAME_WEIGHT };
  }
  // A keying slip (Rachel, Fachel) is similar; so is a near spelling. Short names are left out:
  // Jon and Jan are different people.
  if (
    first.length > 2 &&
    other.length > 2 &&
    (jaroWinkler(first, other) >= 0.9 ||
      (Math.min(first.length, other.length) >= 4 && oneEditApart(first, other)))
  ) {
    return { field: 'givenName', agreement: 'similar', weight: NEAR_SPELLING_WEIGHT };
  }
  if (probe.givenNames.slice(1).includes(other) || candidate.givenNames.slice(1).includes(first)) {
    return { field: 'givenName', agreement: 'middle', weight: MIDDLE_NAME_WEIGHT };
  }
  return { field: 'givenName', agreement: 'disagree', weight: DIFFERENT_NAME_WEIGHT };
};
