// UK postcodes: upper case, one space before the three-character inward code.

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)([0-9][A-Z]{2})$/;

/** `wa11aa` → `WA1 1AA`; undefined when the text is not shaped like a UK postcode. */
export function normalisePostcode(raw: string): string | undefined {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  const m = UK_POSTCODE.exec(compact);
  if (m === null) return undefined;
  if (m[1] === 'GIR' && m[2] !== '0AA') return undefined;
  return `${m[1]} ${m[2]}`;
}

/**
 * The NHS's pseudo-postcodes (`ZZ99 3VZ` no fixed abode, `ZZ99 3WZ` not known, `ZZ99 …Z` a country
 * abroad): a record's way of saying it has no address, not where someone lives.
 */
export function isPseudoPostcode(postcode: string): boolean {
  return postcode.startsWith('ZZ99 ');
}
