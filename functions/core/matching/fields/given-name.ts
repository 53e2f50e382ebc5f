import { jaroWinkler, oneEditApart } from '../names.ts';
import { areNicknames } from '../nicknames.ts';
import { type FieldComparator, weight } from './comparator.ts';

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
    return { field: 'givenName', agreement: 'nickname', weight: weight(0.04, 0.002) };
  if ((first.length === 1 && other.startsWith(first)) || (other.length === 1 && first.startsWith(other))) {
    return { field: 'givenName', agreement: 'initial', weight: weight(0.02, 0.004) };
  }
  // A keying slip (Rachel, Fachel) is similar; so is a near spelling. Short names are left out:
  // Jon and Jan are different people.
  if (
    first.length > 2 &&
    other.length > 2 &&
    (jaroWinkler(first, other) >= 0.9 ||
      (Math.min(first.length, other.length) >= 4 && oneEditApart(first, other)))
  ) {
    return { field: 'givenName', agreement: 'similar', weight: weight(0.03, 0.003) };
  }
  if (probe.givenNames.slice(1).includes(other) || candidate.givenNames.slice(1).includes(first)) {
    return { field: 'givenName', agreement: 'middle', weight: weight(0.02, 0.002) };
  }
  return { field: 'givenName', agreement: 'disagree', weight: weight(0.01, 0.98) };
};
