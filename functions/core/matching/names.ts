// Names as the matcher compares them: accents, case and punctuation removed; Jaro–Winkler for
// near spellings; Soundex for blocking; nicknames from functions/core/matching/nicknames.ts.

/** Letters that Unicode decomposition leaves whole (Ł is not L + a mark). */
const FOLDED: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'TH',
  þ: 'th',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  ı: 'i',
};

/** `Núñez-García` → `NUNEZ GARCIA`: upper case, no accents, letters and single spaces only. */
export function normaliseName(name: string): string {
  return name
    .replace(/[ŁłØøĐđÐðÞþßÆæŒœı]/g, (ch) => FOLDED[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/['’`]/g, '')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/** Jaro–Winkler similarity in [0, 1] (1: identical). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

const SOUNDEX_CODES: Readonly<Record<string, string>> = {
  B: '1',
  F: '1',
  P: '1',
  V: '1',
  C: '2',
  G: '2',
  J: '2',
  K: '2',
  Q: '2',
  S: '2',
  X: '2',
  Z: '2',
  D: '3',
  T: '3',
  L: '4',
  M: '5',
  N: '5',
  R: '6',
};

/** American Soundex of a normalised name (`ROBERT` → `R163`); spaces ignored. */
export function soundex(name: string): string {
  const letters = name.replace(/[^A-Z]/g, '');
  if (letters === '') return '';
  let code = letters.charAt(0);
  let previous = SOUNDEX_CODES[code] ?? '';
  for (const ch of letters.slice(1)) {
    const digit = SOUNDEX_CODES[ch] ?? '';
    if (digit !== '' && digit !== previous) code += digit;
    // H and W do not separate letters with the same code; vowels do.
    if (ch !== 'H' && ch !== 'W') previous = digit;
    if (code.length === 4) break;
  }
  return code.padEnd(4, '0');
}

/** True when one edit (a letter changed, added, dropped, or two neighbours swapped) turns a into b. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return shorter.slice(i) === longer.slice(i + 1);
}

/**
 * Words a record holds where a name is not known yet: a newborn ("Baby", "Twin 1"), someone not
 * yet identified ("Unknown", "NK"). They are not names: two newborn twins are both "Baby Smith",
 * born the same day at the same address, and "Twin 1" and "Twin 2" normalise alike.
 */
const PLACEHOLDER_GIVEN_WORDS: ReadonlySet<string> = new Set(
  'BABY TWIN TRIPLET INFANT NEWBORN UNBORN UNKNOWN UNNAMED UNIDENTIFIED NK NOT BOY GIRL MALE FEMALE'.split(
    ' ',
  ),
);
const PLACEHOLDER_FAMILY_KEYS: ReadonlySet<string> = new Set(
  'UNKNOWN NOTKNOWN NK UNNAMED UNIDENTIFIED ANONYMOUS ANON'.split(' '),
);

/** Whether a normalised first given name is a placeholder: the record then has no given name. */
export function isPlaceholderGivenName(first: string): boolean {
  return PLACEHOLDER_GIVEN_WORDS.has(first);
}

/** Whether a family key (a normalised family name without spaces) is a placeholder. */
export function isPlaceholderFamilyKey(key: string): boolean {
  return PLACEHOLDER_FAMILY_KEYS.has(key);
}
