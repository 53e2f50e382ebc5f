// The separators a message declares in MSH-1 and MSH-2, and the rewrite of a message into the
// standard ones (`|^~\&`), which is all hl7-standard can read.

import { Hl7ParseError } from './errors.ts';

export interface EncodingCharacters {
  field: string;
  component: string;
  /** Absent when MSH-2 declares none (older messages): the character is then plain text. */
  repetition?: string;
  escape?: string;
  subcomponent?: string;
}

export const STANDARD_ENCODING: Readonly<Required<EncodingCharacters>> = Object.freeze({
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
});

/** The MSH-2 text of a set of separators, e.g. `^~\&`. */
export function encodingCharactersText(enc: EncodingCharacters): string {
  return enc.component + (enc.repetition ?? '') + (enc.escape ?? '') + (enc.subcomponent ?? '');
}

const UNUSABLE_SEPARATOR = /[A-Za-z0-9\s]/;

/**
 * Reads MSH-1 (the character after `MSH`) and MSH-2 (up to the next field separator).
 * MSH-2 holds 1 to 5 characters: component, repetition, escape, subcomponent, and from v2.7 a
 * truncation character, which the hub reads as plain text.
 */
export function readEncodingCharacters(mshLine: string): EncodingCharacters {
  const field = mshLine.charAt(3);
  if (field === '' || UNUSABLE_SEPARATOR.test(field)) {
    throw new Hl7ParseError(
      'BAD_ENCODING_CHARACTERS',
      'MSH-1 does not declare a field separator',
      'MSH',
      'MSH-1',
    );
  }
  const end = mshLine.indexOf(field, 4);
  const declared = mshLine.slice(4, end === -1 ? undefined : end);
  const all = [...declared];
  const distinct = new Set([field, ...all]);
  if (
    all.length === 0 ||
    all.length > 5 ||
    distinct.size !== all.length + 1 ||
    all.some((c) => UNUSABLE_SEPARATOR.test(c))
  ) {
    throw new Hl7ParseError(
      'BAD_ENCODING_CHARACTERS',
      'MSH-2 does not declare distinct encoding characters',
      'MSH',
      'MSH-2',
    );
  }
  const [component, repetition, escapeCharacter, subcomponent] = all as [string, ...(string | undefined)[]];
  return { field, component, repetition, escape: escapeCharacter, subcomponent };
}

export function isStandardEncoding(enc: EncodingCharacters): boolean {
  return (
    enc.field === '|' &&
    enc.component === '^' &&
    enc.repetition === '~' &&
    enc.escape === '\\' &&
    enc.subcomponent === '&'
  );
}

/** How a standard separator that is plain text in the source message is written once escaped. */
const STANDARD_AS_TEXT: Record<string, string> = {
  '|': '\\F\\',
  '^': '\\S\\',
  '~': '\\R\\',
  '\\': '\\E\\',
  '&': '\\T\\',
};

/**
 * Rewrites segments written with the declared separators into the standard ones. A standard
 * separator character that was plain text in the source is escaped, so it decodes back to itself.
 * MSH-1 and MSH-2 are rewritten to `|^~\&`.
 */
export function toStandardEncoding(segments: readonly string[], enc: EncodingCharacters): string[] {
  const map = new Map<string, string>([
    [enc.field, '|'],
    [enc.component, '^'],
  ]);
  if (enc.repetition !== undefined) map.set(enc.repetition, '~');
  if (enc.escape !== undefined) map.set(enc.escape, '\\');
  if (enc.subcomponent !== undefined) map.set(enc.subcomponent, '&');

  return segments.map((segment, index) => {
    // The MSH header's own separators are a declaration, not data.
    const isHeader = index === 0;
    const headerEnd = isHeader ? segment.indexOf(enc.field, 4) : 0;
    const body = headerEnd === -1 ? '' : segment.slice(headerEnd);
    let out = isHeader ? 'MSH|^~\\&' : '';
    for (const ch of body) {
      const mapped = map.get(ch);
      out += mapped ?? STANDARD_AS_TEXT[ch] ?? ch;
    }
    return out;
  });
}
