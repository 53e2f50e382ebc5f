// Senders that behave like a hospital's interface engine: one message at a time per feed, each
// sent until the hub takes it (AA) or refuses it for good (AE, or AR with 400); a 503, an AR
// that says "send again", a connection that fails or a timeout means: wait a little, resend.
// Every answer is recorded, so a scenario can say what the hub answered while a fault lasted.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { frame, MllpDecoder } from '../../../functions/mllp/framing.ts';
import { msaOf } from '../../helpers/hl7.ts';

export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';

export interface Answer {
  label: string;
  /** When the request was sent and when its answer (or failure) came. */
  sentAt: number;
  at: number;
  /** HTTP status; 0 when the request failed without one (connection refused, reset, timeout). */
  status: number;
  /** MSA-1 of the ACK, when there was one. */
  code?: string;
  /** MSA-2 of the ACK. */
  ackControlId?: string;
  ack?: string;
  contentType?: string;
  error?: string;
}

export interface SendOutcome {
  /** The last answer: AA, AE or AR (refused for good), or undefined when the sender gave up. */
  final?: Answer;
  answers: Answer[];
}

export interface HttpTarget {
  url: string;
  key: string;
}

/** Sends one HTTP request to POST /v1/hl7 and reads the answer, whatever it is. */
export async function postOnce(
  target: HttpTarget,
  label: string,
  body: string | Uint8Array,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const sentAt = Date.now();
  try {
    const response = await fetch(`${target.url}/v1/hl7`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.key}`,
        'content-type': HL7_CONTENT_TYPE,
        ...options.headers,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const ack = contentType.startsWith(HL7_CONTENT_TYPE) ? msaOf(text) : undefined;
    return {
      label,
      sentAt,
      at: Date.now(),
      status: response.status,
      contentType,
      ...(ack !== undefined && { code: ack.code, ackControlId: ack.controlId, ack: text }),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { label, sentAt, at: Date.now(), status: 0, error: cause ?? (error as Error).name };
  }
}

/**
 * One POST with node:http, which reads an answer that comes while the body is still being written
 * (as curl and interface engines do): for bodies the hub refuses before reading them (413). With
 * `chunked`, the body goes in 64 KiB chunks with no length.
 */
export function postRaw(
  target: HttpTarget,
  label: string,
  body: Uint8Array,
  options: { headers?: Record<string, string>; chunked?: boolean; timeoutMs?: number } = {},
): Promise<Answer> {
  const sentAt = Date.now();
  const url = new URL(`${target.url}/v1/hl7`);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'label' | 'sentAt' | 'at'>) => {
      if (settled) return;
      settled = true;
      resolve({ label, sentAt, at: Date.now(), ...answer });
    };
    const headers: Record<string, string> = {
      authorization: `Bearer ${target.key}`,
      'content-type': HL7_CONTENT_TYPE,
      ...(!options.chunked && { 'content-length': String(body.byteLength) }),
      ...options.headers,
    };
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        const done = () => {
          const text = Buffer.concat(chunks).toString('latin1');
          const contentType = String(res.headers['content-type'] ?? '');
          const ack = contentType.startsWith(HL7_CONTENT_TYPE) ? msaOf(text) : undefined;
          finish({
            status: res.statusCode ?? 0,
            contentType,
            ...(ack !== undefined && { code: ack.code, ackControlId: ack.controlId, ack: text }),
          });
        };
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, error: error.code ?? error.message }),
    );
    if (!options.chunked) {
      req.end(body);
      return;
    }
    let at = 0;
    const pump = () => {
      while (at < body.byteLength) {
        const more = req.write(body.subarray(at, at + 64 * 1024));
        at += 64 * 1024;
        if (!more) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** Whether an answer means "send it again later" (as an interface engine reads it). */
export function shouldResend(answer: Answer): boolean {
  return answer.status === 0 || answer.status === 503 || answer.status >= 500;
}

/**
 * Sends a message until it is taken or refused for good, resending after 503, AR-with-503,
 * connection failures and timeouts (every 200 ms, then every 500 ms: an engine with a backlog resends as soon as the hub is back), until `deadline`.
 */
export async function sendUntilAnswered(
  target: () => HttpTarget,
  label: string,
  body: string,
  deadline: number,
  onAnswer?: (answer: Answer) => void,
): Promise<SendOutcome> {
  const answers: Answer[] = [];
  let pause = 200;
  while (Date.now() < deadline) {
    const answer = await postOnce(target(), label, body);
    answers.push(answer);
    onAnswer?.(answer);
    if (!shouldResend(answer)) return { final: answer, answers };
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(500, pause * 2);
  }
  return { answers };
}

/** A raw MLLP connection: writes what it is given, collects whole ACK frames as they come back. */
export interface MllpConnection {
  socket: Socket;
  acks: string[];
  /** True once the hub answered bytes outside a frame, or a frame, it could not read. */
  closed: boolean;
  write(bytes: Uint8Array): Promise<void>;
  end(): void;
}

export async function openMllp(port: number): Promise<MllpConnection> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new MllpDecoder(10 * 1024 * 1024);
  const connection: MllpConnection = {
    socket,
    acks: [],
    closed: false,
    write: (bytes) =>
      new Promise<void>((resolve, reject) =>
        socket.write(bytes, (error) => (error ? reject(error) : resolve())),
      ),
    end: () => socket.end(),
  };
  socket.on('data', (data: Buffer) => {
    for (const item of decoder.push(data))
      if (item.kind === 'frame') connection.acks.push(item.bytes.toString('latin1'));
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    connection.closed = true;
  });
  return connection;
}

export { frame };
