import { describe, expect, it } from 'vitest';
import { STANDARD_ENCODING } from '../../../../functions/core/hl7/encoding.ts';
import { escapeHl7, unescapeHl7 } from '../../../../functions/core/hl7/escape.ts';

describe('unescapeHl7', () => {
  it.each([
    ['plain text', 'plain text'],
    ['A\\F\\B', 'A|B'],
    ['A\\S\\B', 'A^B'],
    ['A\\T\\B', 'A&B'],
    ['A\\R\\B', 'A~B'],
    ['A\\E\\B', 'A\\B'],
    ['\\F\\\\S\\', '|^'],
    ['\\E\\F\\E\\', '\\F\\'],
    ['one\\.br\\two', 'one\ntwo'],
    ['\\H\\bold\\N\\', 'bold'],
    ['\\X4F\\\\X27\\Brien', "O'Brien"],
    ['\\XC3B1\\', 'ñ'],
    ['\\XF1\\', 'ñ'],
    ['\\Cxxyy\\text', 'text'],
    ['\\Zlocal\\', ''],
  ])('decodes %j to %j', (escaped, text) => {
    expect(unescapeHl7(escaped)).toBe(text);
  });

  it.each(['C:\\temp', 'a\\b\\c', 'trailing\\', '\\X4\\', '\\Q\\'])(
    'keeps %j, which is not an escape',
    (text) => {
      expect(unescapeHl7(text)).toBe(text);
    },
  );
});

describe('escapeHl7', () => {
  it('escapes every separator so it reads back as itself', () => {
    const text = 'a|b^c~d\\e&f';
    const escaped = escapeHl7(text, STANDARD_ENCODING);

    expect(escaped).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    expect(unescapeHl7(escaped)).toBe(text);
  });

  it('turns line breaks into spaces (they would end the segment)', () => {
    expect(escapeHl7('one\rtwo\nthree', STANDARD_ENCODING)).toBe('one two three');
  });

  it('uses the declared escape character', () => {
    expect(
      escapeHl7('a#b', { field: '#', component: '!', repetition: '%', escape: '$', subcomponent: '@' }),
    ).toBe('a$F$b');
  });
});
