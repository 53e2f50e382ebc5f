import { describe, expect, it } from 'vitest';
import { buildAck, readAck } from '../../../../functions/core/hl7/ack.ts';
import { parseHl7 } from '../../../../functions/core/hl7/parse.ts';
import { admission } from '../../../helpers/hl7.ts';

const time = new Date('2026-11-20T10:15:01.500Z');

function segmentsOf(ack: string): string[][] {
  expect(ack.endsWith('\r')).toBe(true);
  return ack
    .slice(0, -1)
    .split('\r')
    .map((line) => line.split('|'));
}

describe('buildAck', () => {
  it('answers AA with sender and receiver swapped and MSA-2 = the inbound MSH-10', () => {
    const ack = buildAck(admission({ 10: 'MSG00001', 12: '2.5.1' }), { code: 'AA', controlId: 'ACK1', time });
    const [msh, msa, ...rest] = segmentsOf(ack);

    expect(msh).toEqual([
      'MSH',
      '^~\\&',
      'ADTHUB',
      'ADTHUB',
      'PAS',
      'RBN',
      '20261120101501+0000',
      '',
      'ACK^A01^ACK',
      'ACK1',
      'P',
      '2.5.1',
    ]);
    expect(msa).toEqual(['MSA', 'AA', 'MSG00001']);
    expect(rest).toEqual([]);
  });

  it('keeps the inbound processing id, version and components as sent', () => {
    const ack = buildAck(admission({ 3: 'PAS^1.2.3^ISO', 11: 'T', 12: '2.3' }), {
      code: 'AA',
      controlId: 'X',
      time,
    });
    const [msh] = segmentsOf(ack);

    expect(msh?.[4]).toBe('PAS^1.2.3^ISO');
    expect(msh?.[10]).toBe('T');
    expect(msh?.[11]).toBe('2.3');
  });

  it('writes AE with a reason in MSA-3 and an ERR-1 location before v2.5', () => {
    const ack = buildAck(admission({ 12: '2.4' }), {
      code: 'AE',
      controlId: 'ACK2',
      time,
      reason: 'PID-7 (date of birth) is not a valid date',
      error: { hl7ErrorCode: '102', segment: 'PID', field: 'PID-7' },
    });
    const [, msa, err] = segmentsOf(ack);

    expect(msa).toEqual(['MSA', 'AE', 'CTRL0001', 'PID-7 (date of birth) is not a valid date']);
    expect(err).toEqual(['ERR', 'PID^1^7^102&Data type error&HL70357']);
  });

  it('writes ERR-2, ERR-3 and ERR-4 from v2.5', () => {
    const ack = buildAck(admission({ 12: '2.5.1' }), {
      code: 'AR',
      controlId: 'ACK3',
      time,
      reason: 'Storage unavailable | try again',
    });
    const [, msa, err] = segmentsOf(ack);

    expect(msa?.[3]).toBe('Storage unavailable \\F\\ try again');
    expect(err?.slice(0, 5)).toEqual(['ERR', '', '', '207^Application internal error^HL70357', 'E']);
    expect(err?.[8]).toBe('Storage unavailable \\F\\ try again');
  });

  it('uses the encoding characters the inbound message declared', () => {
    const inbound = 'MSH#!%$@#PAS#RBN#HUB#HUBFAC#20261120101500##ADT!A01#C9#P#2.4\rPID#1##X';
    const ack = buildAck(inbound, { code: 'AA', controlId: 'A', time });

    expect(ack).toBe('MSH#!%$@#HUB#HUBFAC#PAS#RBN#20261120101501+0000##ACK!A01!ACK#A#P#2.4\rMSA#AA#C9\r');
  });

  it('answers bytes that are not HL7 with a well-formed AR', () => {
    const ack = buildAck(Uint8Array.from([0, 255, 13, 10, 28]), {
      code: 'AR',
      controlId: 'A',
      time,
      reason: 'The input is not an HL7 v2 message',
      error: { hl7ErrorCode: '100', segment: 'MSH', field: 'MSH-1' },
    });
    const [parsed] = parseHl7(ack);

    expect(parsed?.ok).toBe(true);
    if (parsed?.ok) {
      expect(parsed.message.msh.get(9)).toBe('ACK');
      expect(parsed.message.segment('MSA')?.get(1)).toBe('AR');
      expect(parsed.message.segment('MSA')?.get(2)).toBeUndefined();
      expect(parsed.message.msh.get(12)).toBe('2.4');
    }
  });

  it('strips MLLP framing from the inbound before reading it', () => {
    const ack = buildAck(`\x0b${admission({ 10: 'FRAMED' })}\r\x1c\r`, { code: 'AA', controlId: 'A', time });

    expect(ack).toContain('\rMSA|AA|FRAMED\r');
    expect(ack).not.toMatch(/[\x0b\x1c]/);
  });

  it('reads back what it wrote: code, acknowledged control id and reason', () => {
    const ack = buildAck(admission({ 10: 'R1' }), {
      code: 'AE',
      controlId: 'A',
      time,
      reason: 'PID-7 | bad',
    });

    expect(readAck(ack)).toEqual({ code: 'AE', controlId: 'R1', reason: 'PID-7 | bad' });
    expect(readAck('not an ack')).toEqual({ code: undefined, controlId: undefined, reason: undefined });
  });
});
