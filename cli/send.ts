// `adt-hub send --url URL --key KEY FILE...`: sends each message in the files, one request each and
// in order, and prints its control id and ACK code. Exits 1 unless every message got AA.
import { readFile } from 'node:fs/promises';
import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, rootCertificates } from 'node:tls';
import { parseArgs } from 'node:util';
import { readAck } from '../functions/core/hl7/ack.ts';
import { bytesAsBinaryText } from '../functions/core/hl7/charset.ts';
import { parseHl7 } from '../functions/core/hl7/parse.ts';
import { splitInput } from '../functions/core/hl7/split.ts';
import { frame, MllpDecoder } from '../functions/mllp/framing.ts';
import { runningHub } from '../local/state.ts';
import { type CliIo, UsageError } from './io.ts';

export const sendHelp = `Usage: adt-hub send [--url URL] [--key KEY] [--json] [--mllp] FILE...

Sends every HL7 message in the files to a hub over HTTP (POST /v1/hl7), one at a time and in
order, and prints each message's control id and ACK code (AA, AE or AR) with the reason.
Exits 1 unless every message was accepted (AA).
  --url URL   the hub, e.g. http://127.0.0.1:8080 (default: the hub npm start runs here)
  --key KEY   the sender key (default: that hub's demo sender key)
  --json      one JSON object per message instead of text
  --mllp      send over MLLP instead: --url mllp://HOST:PORT, or mllps://HOST:PORT for MLLP over
              TLS (default: the local hub's MLLP port); each message waits for its ACK before
              the next is sent
  --tls-ca FILE                  over mllps: trust this CA (PEM) besides the system's
  --tls-cert FILE --tls-key FILE over mllps: present this client certificate (PEM)`;

export interface SendLine {
  file: string;
  controlId?: string;
  status?: number;
  ackCode?: string;
  reason?: string;
}

/** The messages of a file as the bytes to send: MLLP frames, batches and blank lines removed. */
function messagesIn(bytes: Uint8Array): { bytes: Buffer; controlId?: string }[] {
  return splitInput(bytesAsBinaryText(bytes)).map((chunk) => {
    const raw = Buffer.from(`${chunk.lines.join('\r')}\r`, 'latin1');
    const [parsed] = parseHl7(raw);
    return { bytes: raw, controlId: parsed?.ok ? parsed.message.msh.get(10) : undefined };
  });
}

/** The parts of an ACK `send` prints. */
function ackLine(ack: string): { ackCode?: string; reason?: string } {
  const { code, reason } = readAck(ack);
  return { ackCode: code, reason };
}

export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      json: { type: 'boolean' },
      mllp: { type: 'boolean' },
      'tls-ca': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(sendHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('send needs at least one FILE');
  if (values.mllp) {
    const tls = { ca: values['tls-ca'], cert: values['tls-cert'], key: values['tls-key'] };
    if ((tls.cert === undefined) !== (tls.key === undefined))
      throw new UsageError('give both --tls-cert and --tls-key, or neither');
    return sendOverMllp(positionals, values.url, tls, values.json === true, io);
  }
  const hub = values.url === undefined || values.key === undefined ? runningHub() : undefined;
  const base = values.url ?? hub?.httpUrl;
  const key = values.key ?? hub?.senderKey;
  if (base === undefined || key === undefined) {
    throw new UsageError('no hub is running here (npm start): give --url and --key');
  }
  const endpoint = new URL(base);
  if (endpoint.pathname === '/' || endpoint.pathname === '') endpoint.pathname = '/v1/hl7';

  let failures = 0;
  const print = (line: SendLine) => {
    if (line.ackCode !== 'AA') failures++;
    if (values.json) {
      io.stdout(JSON.stringify(line));
      return;
    }
    const outcome = line.ackCode ?? (line.status === undefined ? 'NOT SENT' : `HTTP ${line.status}`);
    io.stdout([line.controlId ?? '-', outcome, line.reason].filter((part) => part !== undefined).join('  '));
  };

  for (const file of positionals) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      print({ file, reason: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      continue;
    }
    for (const message of messagesIn(bytes)) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'x-application/hl7-v2+er7' },
          body: message.bytes,
        });
      } catch (error) {
        print({
          file,
          controlId: message.controlId,
          reason: `cannot reach ${endpoint.origin}: ${(error as Error).message}`,
        });
        continue;
      }
      const body = await response.text();
      const isAck = (response.headers.get('content-type') ?? '').includes('hl7');
      const ack = isAck ? ackLine(body) : { reason: body.trim() };
      print({ file, controlId: message.controlId, status: response.status, ...ack });
    }
  }
  if (failures > 0) io.stderr(`adt-hub send: ${failures} message(s) not accepted`);
  return failures > 0 ? 1 : 0;
}

/** Over MLLP: one kept-open connection, each message framed, its ACK awaited before the next. */
async function sendOverMllp(
  files: string[],
  url: string | undefined,
  tlsFiles: { ca?: string; cert?: string; key?: string },
  json: boolean,
  io: CliIo,
): Promise<number> {
  const hub = url === undefined ? runningHub() : undefined;
  const target =
    url ??
    (hub?.mllpPort === undefined
      ? undefined
      : `${hub.mllpTls ? 'mllps' : 'mllp'}://127.0.0.1:${hub.mllpPort}`);
  if (target === undefined)
    throw new UsageError('no hub is running here (npm start): give --url mllp://HOST:PORT');
  const { protocol, hostname, port } = new URL(target);
  if (protocol !== 'mllp:' && protocol !== 'mllps:')
    throw new UsageError(`--url for --mllp is mllp://HOST:PORT or mllps://HOST:PORT (got ${target})`);
  const host = hostname.replace(/^\[|\]$/g, '');
  let socket: Socket;
  if (protocol === 'mllps:') {
    const read = async (path: string | undefined) => (path === undefined ? undefined : readFile(path));
    const [ca, cert, key] = await Promise.all([read(tlsFiles.ca), read(tlsFiles.cert), read(tlsFiles.key)]);
    // The server's certificate is verified: against the system's CAs, plus the one given.
    socket = connectTls({
      host,
      port: Number(port),
      servername: isIP(host) ? undefined : host,
      ca: ca === undefined ? undefined : [...rootCertificates, ca.toString('utf8')],
      cert,
      key,
    });
  } else {
    socket = connect({ host, port: Number(port) });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once(protocol === 'mllps:' ? 'secureConnect' : 'connect', resolve);
    socket.once('error', (error) => reject(new Error(`cannot reach ${target}: ${error.message}`)));
  });
  const decoder = new MllpDecoder(16 * 1024 * 1024);
  const acks: string[] = [];
  let waiting: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    for (const item of decoder.push(data))
      if (item.kind === 'frame') acks.push(item.bytes.toString('latin1'));
    waiting?.();
  });
  const nextAck = () =>
    new Promise<string>((resolve, reject) => {
      const take = () => {
        const ack = acks.shift();
        if (ack !== undefined) resolve(ack);
        else waiting = take;
      };
      socket.once('close', () => reject(new Error('the hub closed the connection')));
      take();
    });

  let failures = 0;
  try {
    for (const file of files) {
      for (const message of messagesIn(await readFile(file))) {
        socket.write(frame(message.bytes));
        const ack = ackLine(await nextAck());
        if (ack.ackCode !== 'AA') failures++;
        const line: SendLine = { file, controlId: message.controlId, ...ack };
        io.stdout(
          json
            ? JSON.stringify(line)
            : [line.controlId ?? '-', line.ackCode, line.reason].filter((p) => p !== undefined).join('  '),
        );
      }
    }
  } finally {
    socket.end();
  }
  if (failures > 0) io.stderr(`adt-hub send: ${failures} message(s) not accepted`);
  return failures > 0 ? 1 : 0;
}
