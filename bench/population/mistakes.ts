// Mistakes a hospital record can carry, applied to a matcher's probe: the hard kinds' errors (an
// initial for the given name, a keying slip, a birth date slipped or swapped, a postcode, NHS
// number or sex left out, a move within the district). bench:match applies them to the people
// the roster does not know too: their records are no more careful than anyone's, and each
// mistake moves them towards someone.
import type { Probe } from '../../functions/core/matching/types.ts';
import type { Rng } from '../lib/random.ts';

type Mistake = (probe: Probe, rng: Rng) => Probe | undefined;

const VALID_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Two neighbouring letters swapped, not the first (the commonest keying slip). */
function swapLetters(name: string, rng: Rng): string {
  const at = rng.int(1, name.length - 2);
  return name.slice(0, at) + name.charAt(at + 1) + name.charAt(at) + name.slice(at + 2);
}

export const MISTAKES: Readonly<Record<string, Mistake>> = {
  'given initial': (p) => (p.given[0] === undefined ? undefined : { ...p, given: [p.given[0].charAt(0)] }),
  'given typo': (p, rng) => {
    const [first] = p.given;
    return first === undefined || first.length < 4 ? undefined : { ...p, given: [swapLetters(first, rng)] };
  },
  'family typo': (p, rng) =>
    p.family === undefined || p.family.length < 5 ? undefined : { ...p, family: swapLetters(p.family, rng) },
  'birth slip': (p, rng) => {
    if (p.birthDate === undefined) return undefined;
    const chars = [...p.birthDate];
    const at = rng.pick([2, 3, 6, 9]);
    chars[at] = String((Number(chars[at]) + rng.int(1, 9)) % 10);
    const date = chars.join('');
    return VALID_DATE.test(date) ? { ...p, birthDate: date } : undefined;
  },
  'birth swap': (p) => {
    const [year, month, day] = p.birthDate?.split('-') ?? [];
    return year === undefined || month === day || Number(day) > 12
      ? undefined
      : { ...p, birthDate: `${year}-${day}-${month}` };
  },
  'no postcode': (p) => ({ ...p, postcode: undefined }),
  'no NHS number': (p) => ({ ...p, nhsNumber: undefined }),
  'no sex': (p) => ({ ...p, sex: undefined }),
  // A new address in the same district: the move the matcher still takes as the same person.
  'moved in district': (p, rng) =>
    p.postcode === undefined
      ? undefined
      : { ...p, postcode: `${p.postcode.split(' ')[0]} ${rng.int(1, 9)}ZZ` },
};

/** The probe with each mistake, and each ordered pair of different mistakes, that applies. */
export function withMistakes(probe: Probe, rng: Rng): { mistakes: string; probe: Probe }[] {
  const out: { mistakes: string; probe: Probe }[] = [];
  for (const [first, apply] of Object.entries(MISTAKES)) {
    const once = apply(probe, rng);
    if (once === undefined) continue;
    out.push({ mistakes: first, probe: once });
    for (const [second, applyAgain] of Object.entries(MISTAKES)) {
      if (second === first) continue;
      const twice = applyAgain(once, rng);
      if (twice !== undefined) out.push({ mistakes: `${first} + ${second}`, probe: twice });
    }
  }
  return out;
}
