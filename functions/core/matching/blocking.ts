// Blocking: the keys a probe and a roster record must share for the two to be compared at all, so
// a probe meets a handful of candidates, not the whole registry.
import { soundex } from './names.ts';
import type { NormalisedPerson } from './person.ts';

/** `2001-03-04` read the other way round, when both readings are dates. */
export function swapDayMonth(date: string): string | undefined {
  const [y, m, d] = date.split('-');
  if (y === undefined || m === undefined || d === undefined || m === d || Number(d) > 12) return undefined;
  return `${y}-${d}-${m}`;
}

/** The blocking keys of a person: a candidate shares at least one with the probe. */
export function blockingKeys(person: NormalisedPerson): string[] {
  const keys: string[] = [];
  const family = person.familyKey === undefined ? undefined : soundex(person.familyKey);
  const given = person.givenNames[0] === undefined ? undefined : soundex(person.givenNames[0]);
  const year = person.birthDate?.slice(0, 4);
  if (person.birthDate !== undefined) keys.push(`dob:${person.birthDate}`);
  if (family !== undefined && year !== undefined) keys.push(`family-year:${family}|${year}`);
  // No key of given name and year: at a million rows a common name born in one year is hundreds
  // of people, and a row found by nothing else (another family name, another postcode, a birth
  // date not the same) could never be a match nor a close second (bench:match and bench:registry
  // decide the same without it).
  // Names alone by decade of birth: a registry of a million holds hundreds of each common pair of
  // names, and a birth date wrong in its decade is still found by the postcode and the day.
  if (family !== undefined && given !== undefined)
    keys.push(`names:${family}|${given}${year === undefined ? '' : `|${year.slice(0, 3)}`}`);
  if (person.postcode !== undefined && given !== undefined)
    keys.push(`postcode-given:${person.postcode}|${given}`);
  // Namesakes in one district, whatever their birth dates: the rule that asks more of a match
  // when the registry holds another person of the name there must see them.
  if (person.outward !== undefined && family !== undefined && given !== undefined)
    keys.push(`district-names:${person.outward}|${family}|${given}`);
  return keys;
}

/**
 * The keys a probe is looked up by: its own, its birth date read day/month swapped, and its names
 * without a decade (a row with no birth date).
 */
export function probeBlockingKeys(probe: NormalisedPerson): string[] {
  const keys = blockingKeys(probe);
  if (probe.birthDate !== undefined)
    keys.push(...blockingKeys({ ...probe, birthDate: undefined }).filter((k) => k.startsWith('names:')));
  const swapped = probe.birthDate === undefined ? undefined : swapDayMonth(probe.birthDate);
  if (swapped !== undefined) keys.push(`dob:${swapped}`);
  return keys;
}
