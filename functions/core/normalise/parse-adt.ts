// Any input → one AdtEvent or one Hl7Error per message in it: what `adt-hub parse` prints and
// what ingest stores. Never throws.

import { Hl7Error, Hl7ParseError } from '../hl7/errors.ts';
import type { Hl7Message } from '../hl7/message.ts';
import { parseHl7 } from '../hl7/parse.ts';
import type { AdtEvent } from './adt-event.ts';
import { normaliseAdt } from './normalise.ts';

export type AdtParseResult =
  | { ok: true; event: AdtEvent; message: Hl7Message }
  /**
   * `text`: the message as found, kept for quarantine and for building the ACK; MSH-10 and MSH-4
   * when the header could be read.
   */
  | { ok: false; error: Hl7Error; text: string; controlId?: string; sendingFacility?: string };

export function parseAdt(input: string | Uint8Array): AdtParseResult[] {
  return parseHl7(input).map((result): AdtParseResult => {
    if (!result.ok) return result;
    const { message } = result;
    try {
      return { ok: true, event: normaliseAdt(message), message };
    } catch (error) {
      const failure =
        error instanceof Hl7Error
          ? error
          : new Hl7ParseError('BAD_SEGMENT', 'The message could not be read', 'MSH', 'MSH-1');
      return {
        ok: false,
        error: failure,
        text: message.text,
        controlId: message.msh.get(10),
        sendingFacility: message.msh.get(4),
      };
    }
  });
}
