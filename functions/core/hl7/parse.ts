// Entry point of the HL7 core: any input (text or bytes) → one result per message found in it.
// Never throws: every failure is an Hl7Error in the results.

import { bytesAsBinaryText, decodeMessageLines } from './charset.ts';
import { readEncodingCharacters } from './encoding.ts';
import { type Hl7Error, Hl7ParseError } from './errors.ts';
import { type Hl7Message, parseMessage } from './message.ts';
import { splitInput } from './split.ts';

export type Hl7ParseResult =
  | { ok: true; message: Hl7Message }
  /** `text`: what was found for this message, for quarantine and for the ACK. */
  | { ok: false; error: Hl7Error; text: string };

function strayError(lines: readonly string[]): Hl7ParseError {
  const looksLikeSegments = lines.every((line) => /^[A-Z][A-Z0-9]{2}([^A-Za-z0-9]|$)/.test(line));
  return looksLikeSegments
    ? new Hl7ParseError('NO_MSH', 'HL7 segments without an MSH header', 'MSH', 'MSH-1')
    : new Hl7ParseError('NOT_HL7', 'The input is not an HL7 v2 message', 'MSH', 'MSH-1');
}

/**
 * Splits the input into messages and parses each. A string is taken as already decoded; bytes
 * are decoded per message as its MSH-18 says. An input with nothing in it gives one NOT_HL7 error.
 */
export function parseHl7(input: string | Uint8Array): Hl7ParseResult[] {
  const fromBytes = typeof input !== 'string';
  const text = fromBytes ? bytesAsBinaryText(input) : input;
  const chunks = splitInput(text);
  if (chunks.length === 0) {
    return [{ ok: false, error: strayError(['']), text: '' }];
  }
  return chunks.map((chunk): Hl7ParseResult => {
    let lines = chunk.lines;
    try {
      if (chunk.kind === 'stray') throw strayError(lines);
      let charset = 'UNICODE UTF-8';
      if (fromBytes) {
        const decoded = decodeMessageLines(lines, readEncodingCharacters(lines[0] ?? ''));
        lines = decoded.lines;
        charset = decoded.charset;
      }
      return { ok: true, message: parseMessage(lines, charset) };
    } catch (error) {
      if (error instanceof Hl7ParseError) return { ok: false, error, text: lines.join('\r') };
      // Anything else is a bug in this layer or hl7-standard; the caller still gets an answer.
      return {
        ok: false,
        error: new Hl7ParseError('BAD_SEGMENT', 'The message could not be read', 'MSH', 'MSH-1'),
        text: lines.join('\r'),
      };
    }
  });
}
