// HL7 escape sequences (v2.x section 2.7). Values are unescaped after hl7-standard has split them
// on the standard separators, so here the escape character is always `\`.

import { TextDecoder } from 'node:util';
import { decodeWindows1252 } from './charset.ts';

const SEPARATOR_ESCAPES: Record<string, string> = { F: '|', S: '^', T: '&', R: '~', E: '\\' };

/** Formatted-text commands that stand for a line break; every other one is dropped. */
const LINE_BREAK_COMMANDS = new Set(['.br', '.sp']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * Decodes `\F\ \S\ \T\ \R\ \E\` to the standard separator characters (as ARCHITECTURE §4.1
 * says, whatever the message declared), `\Xhh..\` to text, `\.br\` to a line break; highlighting
 * (`\H\ \N\`), character-set switches (`\C..\ \M..\`) and local escapes (`\Z..\`) are dropped.
 * An escape character without its closing partner, or an unknown sequence, is kept as written.
 */
export function unescapeHl7(value: string): string {
  if (!value.includes('\\')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('\\', i);
    const end = start === -1 ? -1 : value.indexOf('\\', start + 1);
    if (end === -1) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const decoded = decodeSequence(value.slice(start + 1, end));
    if (decoded === undefined) {
      // Not an escape sequence: keep this `\` as text and look again from the next character.
      out += '\\';
      i = start + 1;
    } else {
      out += decoded;
      i = end + 1;
    }
  }
  return out;
}

function decodeSequence(body: string): string | undefined {
  const separator = SEPARATOR_ESCAPES[body];
  if (separator !== undefined) return separator;
  const kind = body.charAt(0);
  if (kind === 'X') return decodeHex(body.slice(1));
  if (body === 'H' || body === 'N') return '';
  if (kind === 'C' || kind === 'M' || kind === 'Z') return body.length > 1 ? '' : undefined;
  if (kind === '.') {
    const command = body.slice(0, 3);
    if (LINE_BREAK_COMMANDS.has(command)) return '\n';
    return /^\.(fi|nf|in|ti|sk|ce)/.test(body) ? '' : undefined;
  }
  return undefined;
}

/**
 * Escapes text for a field of a message written with `enc`, so it reads back as the same text.
 * Without a declared escape character, separators in the text become spaces.
 */
export function escapeHl7(
  text: string,
  enc: { field: string; component: string; repetition?: string; escape?: string; subcomponent?: string },
): string {
  const names: [string | undefined, string][] = [
    [enc.escape, 'E'],
    [enc.field, 'F'],
    [enc.component, 'S'],
    [enc.repetition, 'R'],
    [enc.subcomponent, 'T'],
  ];
  let out = '';
  for (const ch of text.replace(/[\r\n\x0b\x1c]+/g, ' ')) {
    const hit = names.find(([sep]) => sep === ch);
    if (hit === undefined) out += ch;
    else if (enc.escape === undefined) out += ' ';
    else out += enc.escape + hit[1] + enc.escape;
  }
  return out;
}
