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
  '8859/9': 'windows-1254',
  '8859/15': 'iso-8859-15',
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const decoders = new Map<string, TextDecoder>();

function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder;
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
      text = decoderFor('windows-1252').decode(bytes);
    }
  } else {
    text = decoderFor(label).decode(bytes);
  }
  return { lines: text.split('\r'), charset: charset ?? 'UNICODE UTF-8' };
}
