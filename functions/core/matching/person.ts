// A person's details in the form the comparisons use, computed once per roster record or probe.
import type { Sex } from '../normalise/adt-event.ts';
import { isPseudoPostcode } from '../normalise/postcode.ts';
import { isPlaceholderFamilyKey, isPlaceholderGivenName, normaliseName } from './names.ts';

export interface NormalisedPerson {
  nhsNumber?: string;
  /** Family name without spaces (`NUNEZGARCIA`), and its parts (`NUNEZ`, `GARCIA`). */
  familyKey?: string;
  familyParts: string[];
  /** Every given name, normalised, in order (`MARY`, `ANNE`). */
  givenNames: string[];
  birthDate?: string;
  /** Only female or male: other and unknown say nothing either way. */
  sex?: 'female' | 'male';
  postcode?: string;
  /** The outward code (`WA1` of `WA1 1AA`). */
  outward?: string;
  /** `AUTHORITY:value`, authority upper case. */
  identifiers: string[];
  /** The sending facility, upper case, for hospital numbers learned per facility. */
  facility?: string;
}

export function identifierKey(authority: string, value: string): string {
  return `${authority.trim().toUpperCase()}:${value.trim()}`;
}

/**
 * A hospital number as the hub learns it: scoped by the facility that sent it (MSH-4), since
 * generic authorities (PAS, MRN) mean different patients at different trusts.
 */
export function learnedKey(facility: string, identifier: string): string {
  return `${facility.trim().toUpperCase()}|${identifier}`;
}

type PersonDetails = {
  facility?: string;
  nhsNumber?: string;
  family?: string;
  given: readonly string[];
  birthDate?: string;
  sex?: Sex;
  postcode?: string;
  identifiers: readonly string[];
};

/** The names as the comparisons use them: the costly part of normalising, kept with a stored row. */
export interface NormalisedNames {
  /** `NUNEZ GARCIA`; empty when there is no family name. */
  family: string;
  givenNames: string[];
}

export function normaliseNames(person: Pick<PersonDetails, 'family' | 'given'>): NormalisedNames {
  return {
    family: person.family === undefined ? '' : normaliseName(person.family),
    givenNames: person.given.flatMap((name) => normaliseName(name).split(' ')).filter((name) => name !== ''),
  };
}

/**
 * A birth date before 1901 is a system's way of saying "not known" (1900-01-01, 1800-01-01,
 * 1753-01-01): nobody alive was born then, and two records holding it share no birthday.
 */
export function isPlaceholderBirthDate(date: string): boolean {
  return date < '1901';
}

export function normalisePerson(person: PersonDetails, names = normaliseNames(person)): NormalisedPerson {
  // A placeholder ("Baby", "Unknown") is no name: compared as none, it can neither agree nor disagree.
  const [first] = names.givenNames;
  const givenNames = first !== undefined && isPlaceholderGivenName(first) ? [] : names.givenNames;
  const family = isPlaceholderFamilyKey(names.family.replace(/ /g, '')) ? '' : names.family;
  // A pseudo-postcode (no fixed abode, not known) says nothing about where the person lives: it is
  // compared as no postcode, so an old address on the other side is not a disagreement.
  const postcode =
    person.postcode === undefined || isPseudoPostcode(person.postcode) ? undefined : person.postcode;
  return {
    nhsNumber: person.nhsNumber,
    familyKey: family === '' ? undefined : family.replace(/ /g, ''),
    familyParts: family === '' ? [] : family.split(' '),
    givenNames,
    birthDate:
      person.birthDate === undefined || isPlaceholderBirthDate(person.birthDate)
        ? undefined
        : person.birthDate,
    sex: person.sex === 'female' || person.sex === 'male' ? person.sex : undefined,
    postcode,
    outward: postcode?.split(' ')[0],
    identifiers: person.identifiers.map((id) => {
      const colon = id.indexOf(':');
      return colon === -1 ? id.trim() : identifierKey(id.slice(0, colon), id.slice(colon + 1));
    }),
    ...(person.facility !== undefined && { facility: person.facility.trim().toUpperCase() }),
  };
}
