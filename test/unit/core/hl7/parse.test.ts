import { describe, expect, it } from 'vitest';
import { parseHl7 } from '../../../../functions/core/hl7/parse.ts';
import { admission, msh, segment } from '../../../helpers/hl7.ts';

function messages(input: string | Uint8Array) {
  return parseHl7(input).map((r) => (r.ok ? r.message.msh.get(10) : r.error.code));
}

describe('parseHl7: finding messages', () => {
  it('reads one message with or without a final line end', () => {
    expect(messages(admission())).toEqual(['CTRL0001']);
    expect(messages(`${admission()}\r`)).toEqual(['CTRL0001']);
  });

  it('reads a message that is only an MSH segment', () => {
    expect(messages(msh())).toEqual(['CTRL0001']);
  });

  it('splits back-to-back MLLP frames and strips the framing', () => {
    const input = `\x0b${admission({ 10: 'A' })}\r\x1c\r\x0b${admission({ 10: 'B' })}\r\x1c\r`;

    expect(messages(input)).toEqual(['A', 'B']);
  });

  it('drops FHS/BHS/BTS/FTS envelopes and keeps the messages inside', () => {
    const input = [
      'FHS|^~\\&|PAS',
      'BHS|^~\\&|PAS',
      admission({ 10: 'A' }),
      admission({ 10: 'B' }),
      'BTS|2',
      'FTS|1',
    ];

    expect(messages(input.join('\n'))).toEqual(['A', 'B']);
  });

  it('splits messages at each MSH, with or without blank lines between', () => {
    expect(messages(`${admission({ 10: 'A' })}\n\n\n${admission({ 10: 'B' })}`)).toEqual(['A', 'B']);
    expect(messages(`${admission({ 10: 'A' })}\r${admission({ 10: 'B' })}`)).toEqual(['A', 'B']);
  });

  it('accepts \\r, \\n and \\r\\n mixed in one message', () => {
    const [first] = parseHl7(admission().replace('\r', '\n').replace('\r', '\r\n'));

    expect(first?.ok && first.message.segment('PV1')?.get(19)).toBe('V1');
  });

  it('skips a byte-order mark', () => {
    expect(messages(`\ufeff${admission()}`)).toEqual(['CTRL0001']);
  });

  it('reports text outside any message, and still reads the message', () => {
    expect(messages(`Dear colleague,\n\n${admission()}`)).toEqual(['NOT_HL7', 'CTRL0001']);
    expect(messages(`${admission()}\r\n\r\ntrailing notes`)).toEqual(['CTRL0001', 'NOT_HL7']);
  });

  it('reports segments that come before any MSH', () => {
    expect(messages(`${segment('PID', { 3: 'X' })}\r${segment('PV1', { 2: 'I' })}`)).toEqual(['NO_MSH']);
  });

  it('rejects a line inside a message that is not a segment', () => {
    const [result] = parseHl7(`${admission()}\rnot a segment`);

    expect(result?.ok).toBe(false);
    expect(!result?.ok && result?.error.code).toBe('BAD_SEGMENT');
  });

  it('answers empty input with NOT_HL7', () => {
    expect(messages('')).toEqual(['NOT_HL7']);
    expect(messages(new Uint8Array())).toEqual(['NOT_HL7']);
  });
});

describe('parseHl7: separators', () => {
  it.each([
    ['MSH', 'MSH-1'],
    ['MSH ^~\\&', 'MSH-1'],
    ['MSH||', 'MSH-2'],
    ['MSH|^^\\&|', 'MSH-2'],
    ['MSH|^~\\&A|', 'MSH-2'],
  ])('rejects the header %j', (header, field) => {
    const [result] = parseHl7(header);

    expect(result?.ok).toBe(false);
    expect(!result?.ok && result?.error.toJSON()).toMatchObject({ code: 'BAD_ENCODING_CHARACTERS', field });
  });

  it('accepts three encoding characters (no subcomponent separator)', () => {
    const [result] = parseHl7(admission().replace('MSH|^~\\&', 'MSH|^~\\'));

    expect(result?.ok && result.message.encoding.subcomponent).toBeUndefined();
    expect(result?.ok && result.message.segment('PV1')?.get(19)).toBe('V1');
  });

  it('always returns repetitions as a list, whatever shape hl7-standard chose', () => {
    const one = parseHl7(admission().replace('9449305552^^^NHS^NH~RBN1234567^^^RBN^MR', 'RBN1'))[0];
    const two = parseHl7(admission())[0];
    const sub = parseHl7(admission().replace('9449305552^^^NHS^NH~RBN1234567^^^RBN^MR', 'A&B'))[0];

    const pid = (r: typeof one) => (r?.ok ? r.message.segment('PID') : undefined);
    expect(pid(one)?.repetitionCount(3)).toBe(1);
    expect(pid(one)?.get(3)).toBe('RBN1');
    expect(pid(two)?.repetitionCount(3)).toBe(2);
    expect(pid(two)?.get(3, 4, 1, 2)).toBe('RBN');
    expect(pid(sub)?.repetitionCount(3)).toBe(1);
    expect(pid(sub)?.get(3, 1, 2)).toBe('B');
  });

  it('treats HL7 null ("") and blanks as no value', () => {
    const [result] = parseHl7(admission().replace('Testperson^Alex', '""^  '));
    const pid = result?.ok ? result.message.segment('PID') : undefined;

    expect(pid?.get(5, 1)).toBeUndefined();
    expect(pid?.get(5, 2)).toBeUndefined();
  });
});

describe('parseHl7: character sets', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

  it('decodes UTF-8 by default', () => {
    const [result] = parseHl7(Buffer.from(admission().replace('Testperson', 'Núñez-García'), 'utf8'));

    expect(result?.ok && result.message.segment('PID')?.get(5)).toBe('Núñez-García');
  });

  it('decodes 8859/1 when MSH-18 declares it', () => {
    const [result] = parseHl7(latin1(admission({ 18: '8859/1' }).replace('Testperson', 'Zoë')));

    expect(result?.ok && result.message.charset).toBe('8859/1');
    expect(result?.ok && result.message.segment('PID')?.get(5)).toBe('Zoë');
  });

  it('decodes each message of one input by its own MSH-18', () => {
    const first = Buffer.from(admission({ 10: 'U' }).replace('Testperson', 'Siân'), 'utf8');
    const second = latin1(`\r${admission({ 10: 'L', 18: '8859/1' }).replace('Testperson', 'Siân')}`);
    const results = parseHl7(Buffer.concat([first, second]));

    expect(results.map((r) => r.ok && r.message.segment('PID')?.get(5))).toEqual(['Siân', 'Siân']);
  });

  it('refuses a charset it cannot split safely', () => {
    const [result] = parseHl7(Buffer.from(admission({ 18: 'UNICODE UTF-16' }).replace('Testperson', 'Zoë')));

    expect(!result?.ok && result?.error.toJSON()).toMatchObject({
      code: 'UNSUPPORTED_CHARSET',
      field: 'MSH-18',
    });
  });
});
