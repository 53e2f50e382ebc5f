// Hostile inputs for HTTP ingest and the MLLP listener: truncated messages, random binary, fields
// near 1 MiB, wrong encodings, an MSH-10 of 3 KB, broken structure, and (MLLP) broken framing.
// Each says what a well-behaved hub may answer; the scenario checks every answer against it.
import { CR, END, START } from '../../../functions/mllp/framing.ts';
import { msh, segment } from '../../helpers/hl7.ts';
import { type Person, plannedMessage } from './people.ts';

export interface HostileInput {
  label: string;
  transport: 'http' | 'mllp';
  /** HTTP: the body. MLLP: the exact bytes written on a new connection (framing included). */
  bytes: Buffer;
  /** HTTP only: headers replacing the sender's (content type, authorization). */
  headers?: Record<string, string>;
  /** HTTP only: send the body chunked, without a length. */
  chunked?: boolean;
  /** What the answer must be, beyond "well formed" (e.g. 413, or AR). */
  expect?: { status?: number[]; code?: string[] };
}

/** The statuses §4.3 allows, and the ACK codes each may carry. */
export const CONTRACT_STATUSES: Record<number, string[] | undefined> = {
  200: ['AA'],
  400: ['AE', 'AR'],
  401: undefined,
  413: undefined,
  415: undefined,
  503: ['AR'],
};

/** An HL7 ACK as §4.2 describes it: MSH with MSH-9 ACK…, then MSA with AA/AE/AR. */
export function wellFormedAck(text: string): { ok: boolean; code?: string; why?: string } {
  const segments = text.split(/\r\n|\r|\n/).filter((line) => line !== '');
  const header = segments[0] ?? '';
  if (!header.startsWith('MSH')) return { ok: false, why: 'does not start with MSH' };
  const separator = header[3] ?? '|';
  const fields = header.split(separator);
  // fields[0] is MSH, fields[1] the encoding characters (MSH-2): MSH-9 is fields[8].
  if (!(fields[8] ?? '').startsWith('ACK')) return { ok: false, why: `MSH-9 is '${fields[8] ?? ''}'` };
  const msa = segments.find((line) => line.startsWith(`MSA${separator}`));
  const code = msa?.split(separator)[1];
  if (code === undefined || !['AA', 'AE', 'AR'].includes(code))
    return { ok: false, why: 'no MSA-1 AA/AE/AR' };
  return { ok: true, code };
}

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function randomLetters(random: () => number, length: number): string {
  const letters = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
  // Into a buffer: a megabyte of string concatenation would stall the harness itself.
  const text = Buffer.alloc(length);
  for (let i = 0; i < length; i++) text[i] = letters[Math.floor(random() * letters.length)] as number;
  return text.toString('latin1');
}

const framed = (body: Uint8Array) => Buffer.concat([Buffer.from([START]), body, Buffer.from([END, CR])]);

/**
 * About `count` hostile inputs split between HTTP and MLLP, about `person` (who is on no roster,
 * so that whatever the hub takes in alerts no one).
 */
export function hostileInputs(person: Person, count: number, random: () => number): HostileInput[] {
  let n = 0;
  const valid = (controlId = `HOST${String(n++).padStart(5, '0')}`) =>
    plannedMessage({ person, trigger: 'A01', controlId, step: 0 }).render();
  const inputs: HostileInput[] = [];
  const both = (label: string, body: Buffer, expect?: HostileInput['expect']) => {
    inputs.push({ label: `http ${label}`, transport: 'http', bytes: body, ...(expect && { expect }) });
    inputs.push({
      label: `mllp ${label}`,
      transport: 'mllp',
      bytes: framed(body),
      ...(expect?.code && { expect: { code: expect.code } }),
    });
  };

  // Fixed cases: each of them once.
  const hugeName = (length: number) =>
    [
      msh({ 10: `HUGE${length}` }),
      segment('EVN', { 1: 'A01', 2: '20261120101000' }),
      segment('PID', {
        1: '1',
        3: `${person.hospitalNumber}^^^RBN^MR`,
        5: `${randomLetters(random, length)}^Alex`,
      }),
      segment('PV1', { 1: '1', 2: 'I' }),
    ].join('\r');
  both('PID-5 of 1,040,000 random letters (just under 1 MiB)', Buffer.from(hugeName(1_040_000)));
  both('PID-5 of 300,000 random letters', Buffer.from(hugeName(300_000)));
  both(
    'PID-5 of 1,000,000 repeated letters (compresses well)',
    Buffer.from(valid().replace(person.family, 'A'.repeat(1_000_000))),
  );
  inputs.push({
    label: 'http body of 1 MiB + 1 byte',
    transport: 'http',
    bytes: Buffer.concat([
      Buffer.from(valid()),
      Buffer.alloc(1024 * 1024 + 1 - Buffer.byteLength(valid()), 0x41),
    ]),
    expect: { status: [413] },
  });
  // Several times: whether the 413 reaches the sender before the connection closes is a race.
  for (let i = 1; i <= 5; i++)
    inputs.push({
      label: `http chunked body of 1.5 MiB (#${i})`,
      transport: 'http',
      bytes: Buffer.alloc(1536 * 1024, 0x41),
      chunked: true,
      expect: { status: [413] },
    });
  inputs.push({
    label: 'mllp frame of 1.5 MiB',
    transport: 'mllp',
    bytes: framed(Buffer.concat([Buffer.from(valid()), Buffer.alloc(1536 * 1024, 0x41)])),
    expect: { code: ['AR'] },
  });
  both('MSH-10 of 3 KB', Buffer.from(valid('C'.repeat(3 * 1024))), { status: [400], code: ['AR'] });
  both('MSH-10 of 3 KB of multibyte characters', Buffer.from(valid('é'.repeat(1536))), {
    status: [400],
    code: ['AR'],
  });
  both('UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid(), 'utf16le')]));
  both('UTF-16LE without a BOM', Buffer.from(valid(), 'utf16le'));
  both('UTF-8 BOM before MSH', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid())]));
  both('Latin-1 bytes, no MSH-18', Buffer.from(valid().replace(person.given, 'Zoë Ångström'), 'latin1'));
  both(
    'MSH-18 UNICODE UTF-8 with invalid UTF-8 in PID-5',
    Buffer.concat([
      Buffer.from(
        `${msh({ 10: 'BADUTF8', 18: 'UNICODE UTF-8' })}\rEVN|A01|20261120101000\rPID|1||${person.hospitalNumber}^^^RBN^MR||`,
      ),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xc0, 0xaf]),
      Buffer.from('^Alex\rPV1|1|I'),
    ]),
  );
  both(
    'MSH-18 naming an unknown character set',
    Buffer.from(`${msh({ 10: 'CHARSET1', 18: 'ISO IR87' })}\rPID|1||X1^^^RBN^MR`),
  );
  both('empty body', Buffer.alloc(0));
  both('only "MSH"', Buffer.from('MSH'));
  both('MSH without encoding characters', Buffer.from('MSH|'));
  both('field separator #', Buffer.from(valid().replace(/\|/g, '#')));
  both('NUL bytes throughout', Buffer.from(valid().replace(/\^/g, '\u0000')));
  both(
    'control characters in PID-5',
    Buffer.from(valid().replace(person.family, '\u0001\u0002\u001b[31m\u007f')),
  );
  both('broken escape sequences', Buffer.from(valid().replace(person.family, '\\X\\ZZ\\E\\\\H\\\\.br\\\\')));
  both('two messages in one', Buffer.from(`${valid()}\r${valid()}`));
  both('50,000 empty segments', Buffer.from(`${valid()}${'\rZZZ|'.repeat(50_000)}`));
  both(
    '100,000 repetitions in PID-3',
    Buffer.from(valid().replace(`${person.hospitalNumber}^^^RBN^MR`, '~'.repeat(100_000))),
  );
  both('segments separated by LF only', Buffer.from(valid().replace(/\r/g, '\n')));
  both('an NTE of 500,000 bytes', Buffer.from(`${valid()}\rNTE|1||${randomLetters(random, 500_000)}`));
  both('an ADT with no PID', Buffer.from(`${msh({ 10: 'NOPID1' })}\rEVN|A01|20261120101000`));
  both('not ADT (ORU^R01)', Buffer.from(valid().replace('ADT^A01^ADT_A01', 'ORU^R01^ORU_R01')));
  both('version 9.9', Buffer.from(valid().replace('|2.4', '|9.9')));
  both('an FHS/BHS batch of two', Buffer.from(`FHS|^~\\&\rBHS|^~\\&\r${valid()}\r${valid()}\rBTS|2\rFTS|1`));

  // HTTP only: what is refused before any HL7 is read.
  inputs.push({
    label: 'http no authorization',
    transport: 'http',
    bytes: Buffer.from(valid()),
    headers: { authorization: '' },
    expect: { status: [401] },
  });
  inputs.push({
    label: 'http unknown key',
    transport: 'http',
    bytes: Buffer.from(valid()),
    headers: { authorization: 'Bearer adthub_not-a-real-key' },
    expect: { status: [401] },
  });
  inputs.push({
    label: 'http content type application/json',
    transport: 'http',
    bytes: Buffer.from(valid()),
    headers: { 'content-type': 'application/json' },
    expect: { status: [415] },
  });
  inputs.push({
    label: 'http text/plain; charset=utf-16 with UTF-16 bytes',
    transport: 'http',
    bytes: Buffer.from(valid(), 'utf16le'),
    headers: { 'content-type': 'text/plain; charset=utf-16' },
  });

  // MLLP only: broken framing. Each ends with a whole frame, so each is a request to answer.
  const message = Buffer.from(valid());
  const framing: [string, Buffer][] = [
    ['bytes before the start byte', Buffer.concat([Buffer.from('GARBAGE'), framed(Buffer.from(valid()))])],
    ['two start bytes', Buffer.concat([Buffer.from([START, START]), message, Buffer.from([END, CR])])],
    ['end byte without CR', Buffer.concat([Buffer.from([START]), Buffer.from(valid()), Buffer.from([END])])],
    [
      'two end bytes',
      Buffer.concat([Buffer.from([START]), Buffer.from(valid()), Buffer.from([END, END, CR])]),
    ],
    [
      'a frame inside a frame',
      Buffer.concat([Buffer.from([START]), Buffer.from('MSH|'), framed(Buffer.from(valid()))]),
    ],
    ['an empty frame', Buffer.from([START, END, CR])],
    ['only stray bytes, no frame', Buffer.from('this is not MLLP at all\r')],
    ['a frame of LF only', framed(Buffer.from('\n\n\n'))],
    ['an HTTP request on the MLLP port', Buffer.from('POST /v1/hl7 HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a TLS ClientHello on the plain port', Buffer.from('16030100c8010000c40303', 'hex')],
  ];
  for (const [label, bytes] of framing) inputs.push({ label: `mllp ${label}`, transport: 'mllp', bytes });

  // The rest, random: truncated messages and random binary, alternating transports.
  for (let i = 0; inputs.length < count; i++) {
    const transport = i % 2 === 0 ? 'http' : 'mllp';
    const kind = i % 6;
    let label: string;
    let body: Buffer;
    if (kind < 3) {
      const whole = Buffer.from(valid());
      const cut = 1 + Math.floor(random() * (whole.length - 1));
      label = `truncated at byte ${cut} of ${whole.length}`;
      body = whole.subarray(0, cut);
    } else if (kind < 5) {
      const length = 1 + Math.floor(random() * (kind === 3 ? 64 : 8_192));
      label = `${length} random bytes`;
      body = randomBytes(random, length);
    } else {
      // A message with one random byte flipped somewhere.
      const whole = Buffer.from(valid());
      const at = Math.floor(random() * whole.length);
      whole[at] = Math.floor(random() * 256);
      label = `byte ${at} replaced`;
      body = whole;
    }
    inputs.push({
      label: `${transport} ${label}`,
      transport,
      // On MLLP, random bytes may hold frame bytes: a trailer always closes what they opened.
      bytes: transport === 'http' ? body : framed(body),
    });
  }
  return inputs;
}
