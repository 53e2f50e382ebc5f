// Text decoding per MSH-18. Messages are split on ASCII bytes first (frames, line ends and `MSH`
// are ASCII in every charset accepted here), then each message's bytes are decoded on their own.

import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { EncodingCharacters } from './encoding.ts';
import { Hl7ParseError } from './errors.ts';

/**
 * HL7 table 0211 names the hub can decode, with the WHATWG decoder for each. Only charsets whose
 * bytes below 0x80 are always ASCII are accepted: in others (UTF-16, Big5, ...) a separator
 * byte can sit inside a character. `8859/1` decodes as Windows-1252, as browsers do: the two
 * agree on every printable character and senders that declare Latin-1 often send 1252 quotes.
 */
const DECODERS: Record<string, string> = {
  ASCII: 'utf-8',
  'ISO IR6': 'utf-8',
  'UNICODE UTF-8': 'utf-8',
  'UTF-8': 'utf-8',
  UTF8: 'utf-8',
  '8859/1': 'windows-1252',
  'ISO IR100': 'windows-1252',
  'WINDOWS-1252': 'windows-1252',
  CP1252: 'windows-1252',
  '8859/2': 'iso-8859-2',
  '8859/3': 'iso-8859-3',
  '8859/4': 'iso-8859-4',
  '8859/5': 'iso-8859-5',
  '8859/6': 'iso-8859-6',
  '8859/7': 'iso-8859-7',
  '8859/8': 'iso-8859-8',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const decoders = new Map<string, TextDecoder>();

/** Windows-1252 bytes 0x80–0x9F (undefined ones map to themselves, as in WHATWG). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node's TextDecoder('windows-1252') decodes as ISO-8859-1, losing curly quotes and the euro
 * sign, so the 32 bytes where the two differ are mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_HIGH.charAt(ch.charCodeAt(0) - 0x80));
}

function decode(label: string, bytes: Uint8Array): string {
  if (label === 'windows-1252') return decodeWindows1252(bytes);
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder.decode(bytes);
}

/** One character per byte: the view in which messages are split before they are decoded. */
export function bytesAsBinaryText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** MSH-18, first repetition, first component, upper case; undefined when absent. */
export function declaredCharset(mshLine: string, enc: EncodingCharacters): string | undefined {
  const fields = mshLine.split(enc.field);
  // fields[0] is `MSH` and fields[1] is MSH-2, so MSH-n is fields[n - 1].
  let value = fields[17] ?? '';
  if (enc.repetition !== undefined) value = value.split(enc.repetition)[0] ?? '';
  value = (value.split(enc.component)[0] ?? '').trim().toUpperCase();
  return value === '' ? undefined : value;
}

const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * Decodes the lines of one message, given as binary text, per its MSH-18. Text without MSH-18 is
 * UTF-8; bytes that are not valid UTF-8 then fall back to Windows-1252 (a Latin-1 feed that does
 * not say so), as they also do when a message wrongly declares UTF-8.
 */
export function decodeMessageLines(
  binaryLines: string[],
  enc: EncodingCharacters,
): { lines: string[]; charset: string } {
  const charset = declaredCharset(binaryLines[0] ?? '', enc);
  const label = charset === undefined ? 'utf-8' : DECODERS[charset];
  if (label === undefined) {
    throw new Hl7ParseError(
      'UNSUPPORTED_CHARSET',
      'MSH-18 names a character set the hub does not support',
      'MSH',
      'MSH-18',
    );
  }
  const joined = binaryLines.join('\r');
  if (!NON_ASCII.test(joined)) return { lines: binaryLines, charset: charset ?? 'UNICODE UTF-8' };
  const bytes = Buffer.from(joined, 'latin1');
  let text: string;
  if (label === 'utf-8') {
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
    }
  } else {
    text = decode(label, bytes);
  }
  return { lines: text.split('\r'), charset: charset ?? 'UNICODE UTF-8' };
}
