// Original-mode HL7 acknowledgements (ARCHITECTURE §4.2), built for any input: the header of the
// inbound message is read straight from its MSH line, so even a message that failed to parse,
// or bytes that are not HL7 at all, get a well-formed ACK.

import { bytesAsBinaryText } from './charset.ts';
import {
  type EncodingCharacters,
  encodingCharactersText,
  readEncodingCharacters,
  STANDARD_ENCODING,
} from './encoding.ts';
import { escapeHl7 } from './escape.ts';
import { parseHl7 } from './parse.ts';
import { splitInput } from './split.ts';

/** MSA-1 acknowledgement codes (HL7 table 0008, original mode). */
export const AckCode = {
  /** Accepted: stored and queued. */
  AA: 'AA',
  /** Error: understood but invalid; resending the same message will not help. */
  AE: 'AE',
  /** Rejected: could not be processed, or not right now (the sender should retry). */
  AR: 'AR',
} as const;
export type AckCode = (typeof AckCode)[keyof typeof AckCode];

export interface AckRequest {
  code: AckCode;
  /** MSH-10 of the ACK itself: the caller makes it unique. */
  controlId: string;
  /** MSH-7 of the ACK. */
  time: Date;
  /** MSA-3 and ERR: a short reason, on AE and AR. It must not quote personal data. */
  reason?: string;
  /** For the ERR segment: HL7 table 0357 code and the location at fault. */
  error?: { hl7ErrorCode: string; segment?: string; field?: string };
  /** MSH-3/MSH-4 of the ACK when the inbound message did not name a receiver. */
  sender?: { application: string; facility: string };
}

const DEFAULT_VERSION = '2.4';
const DEFAULT_PROCESSING_ID = 'P';

interface InboundHeader {
  enc: EncodingCharacters;
  /** MSH fields as raw text, indexed by their MSH number (fields[3] is MSH-3). */
  fields: string[];
}

/** The MSH of the first message in the input, if it has one with usable separators. */
function inboundHeader(inbound: string | Uint8Array | undefined): InboundHeader | undefined {
  if (inbound === undefined) return undefined;
  const text = typeof inbound === 'string' ? inbound : bytesAsBinaryText(inbound);
  const chunk = splitInput(text).find((c) => c.kind === 'message');
  const msh = chunk?.lines[0];
  if (msh === undefined) return undefined;
  try {
    const enc = readEncodingCharacters(msh);
    const parts = msh.split(enc.field);
    // parts[0] is `MSH` and parts[1] is MSH-2, so MSH-n is parts[n - 1].
    const fields = ['', enc.field, ...parts.slice(1)];
    return { enc, fields };
  } catch {
    return undefined;
  }
}

/** HL7 TS in UTC, to the second: `YYYYMMDDHHMMSS+0000`. */
function hl7Time(time: Date): string {
  return `${time.toISOString().slice(0, 19).replace(/[-:T]/g, '')}+0000`;
}

function versionAtLeast25(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return (major ?? 0) > 2 || (major === 2 && (minor ?? 0) >= 5);
}

/** Builds the ACK for `inbound` (the message as received, or whatever arrived). Never throws. */
export function buildAck(inbound: string | Uint8Array | undefined, request: AckRequest): string {
  const header = inboundHeader(inbound);
  const enc = header?.enc ?? STANDARD_ENCODING;
  const f = (n: number): string => header?.fields[n] ?? '';
  const component = (n: number, c: number): string => f(n).split(enc.component)[c - 1] ?? '';
  const text = (value: string): string => escapeHl7(value, enc);

  const version = component(12, 1) === '' ? DEFAULT_VERSION : f(12);
  const trigger = component(9, 2);
  const messageType = trigger === '' ? 'ACK' : ['ACK', trigger, 'ACK'].join(enc.component);

  const msh = [
    'MSH',
    encodingCharactersText(enc),
    f(5) || text(request.sender?.application ?? ''),
    f(6) || text(request.sender?.facility ?? ''),
    f(3),
    f(4),
    hl7Time(request.time),
    '',
    messageType,
    text(request.controlId),
    f(11) || DEFAULT_PROCESSING_ID,
    version,
  ];
  const reason = request.code === 'AA' || request.reason === undefined ? undefined : text(request.reason);
  const msa = ['MSA', request.code, f(10)];
  if (reason !== undefined) msa.push(reason);

  const segments = [msh.join(enc.field), msa.join(enc.field)];
  if (request.code !== 'AA') segments.push(errSegment(enc, version, request, reason ?? ''));
  return `${segments.join('\r')}\r`;
}

/** HL7 table 0357: the codes the hub sends, with their standard text. */
const ERROR_TEXT: Readonly<Record<string, string>> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '200': 'Unsupported message type',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '207': 'Application internal error',
};

function errSegment(enc: EncodingCharacters, version: string, request: AckRequest, reason: string): string {
  const code = request.error?.hl7ErrorCode ?? (request.code === 'AE' ? '102' : '207');
  const segment = request.error?.segment ?? '';
  const fieldNumber = request.error?.field?.split('-')[1] ?? '';
  const sub = enc.subcomponent ?? enc.component;
  const codeText = ERROR_TEXT[code] ?? '';
  if (versionAtLeast25(version)) {
    // ERR-2 location, ERR-3 HL7 error code, ERR-4 severity, ERR-8 user message.
    const location = segment === '' ? '' : [segment, '1', fieldNumber].join(enc.component);
    return [
      'ERR',
      '',
      location,
      [code, codeText, 'HL70357'].join(enc.component),
      'E',
      '',
      '',
      '',
      reason,
    ].join(enc.field);
  }
  // Before v2.5, ERR-1: segment^sequence^field^code&text&table.
  return [
    'ERR',
    [segment, segment === '' ? '' : '1', fieldNumber, [code, codeText, 'HL70357'].join(sub)].join(
      enc.component,
    ),
  ].join(enc.field);
}

/** What an ACK says: MSA-1 (the code), MSA-2 (the control id acknowledged), MSA-3 (the reason). */
export function readAck(ack: string | Uint8Array): { code?: string; controlId?: string; reason?: string } {
  const [parsed] = parseHl7(ack);
  const msa = parsed?.ok ? parsed.message.segment('MSA') : undefined;
  return { code: msa?.get(1), controlId: msa?.get(2), reason: msa?.get(3) };
}
