// Property tests: whatever arrives, the core answers with events or its own errors, and an ACK.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AckCode, buildAck } from '../../../../functions/core/hl7/ack.ts';
import { STANDARD_ENCODING } from '../../../../functions/core/hl7/encoding.ts';
import { Hl7Error } from '../../../../functions/core/hl7/errors.ts';
import { escapeHl7 } from '../../../../functions/core/hl7/escape.ts';
import { parseHl7 } from '../../../../functions/core/hl7/parse.ts';
import { parseAdt } from '../../../../functions/core/normalise/parse-adt.ts';
import { admission } from '../../../helpers/hl7.ts';

const RUNS = { numRuns: 400 };

function expectEventsOrOurErrors(input: string | Uint8Array): void {
  const results = parseAdt(input);
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) {
    if (result.ok) expect(typeof result.event.controlId).toBe('string');
    else expect(result.error).toBeInstanceOf(Hl7Error);
  }
}

/** Text that looks like HL7: a real message cut short, with separators and junk spliced in. */
const hl7ish = fc
  .tuple(
    fc.nat({ max: 400 }),
    fc.array(
      fc.constantFrom('|', '^', '~', '\\', '&', '\r', '\n', '\x0b', '\x1c', 'MSH|', 'PID|', '""', 'é'),
    ),
    fc.string(),
  )
  .map(([cut, splices, junk]) => {
    let text = admission().slice(0, cut);
    for (const piece of splices) {
      const at = (piece.length * 37 + text.length) % (text.length + 1);
      text = text.slice(0, at) + piece + text.slice(at);
    }
    return text + junk;
  });

describe('parsing never crashes', () => {
  it('for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), expectEventsOrOurErrors), RUNS);
  });

  it('for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), expectEventsOrOurErrors), RUNS);
  });

  it('for damaged HL7', () => {
    fc.assert(fc.property(hl7ish, expectEventsOrOurErrors), RUNS);
  });
});

describe('an ACK can always be built', () => {
  const codes = fc.constantFrom<AckCode>('AA', 'AE', 'AR');

  it('for any input, and it parses back as one ACK with the code asked for', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), hl7ish, fc.uint8Array()),
        codes,
        fc.string(),
        (input, code, reason) => {
          const ack = buildAck(input, { code, controlId: 'ACK1', time: new Date(0), reason });
          const results = parseHl7(ack);

          expect(results).toHaveLength(1);
          const [only] = results;
          expect(only?.ok).toBe(true);
          if (only?.ok) {
            expect(only.message.msh.get(9)).toBe('ACK');
            expect(only.message.segment('MSA')?.get(1)).toBe(code);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('escaping round-trips', () => {
  it('any text written escaped into PID-5.1 reads back as the same text', () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1 })
      .map((s) => s.replace(/[\r\n\x0b\x1c]/g, ' ').trim())
      .filter((s) => s !== '' && s !== '""');
    fc.assert(
      fc.property(text, (family) => {
        // A function, not a string: a replacement string would read `$$` as `$`.
        const message = admission().replace('Testperson', () => escapeHl7(family, STANDARD_ENCODING));
        const [result] = parseAdt(message);

        expect(result?.ok && result.event.patient?.name?.family).toBe(family);
      }),
      RUNS,
    );
  });
});
