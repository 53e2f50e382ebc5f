// The MLLP listener: hospital interface engines keep a TCP (or TLS) connection open and send
// framed messages. Each message gets its ACK only after the same durable ingest as HTTP, in the
// order the messages came on that connection (MSA-2 = its MSH-10). A framing fault or an
// oversized message gets an AR rather than a silent close; senders are known by their network
// or their TLS client certificate.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { buildAck } from '../core/hl7/ack.ts';
import { formatAddress, NetworkList, parseAddress } from '../core/net/index.ts';
import { type IngestResult, ingestLogFields } from '../use-cases/ingest.ts';
import type { Sender } from '../use-cases/ports/index.ts';
import { type Decoded, frame, MllpDecoder } from './framing.ts';
import type { MllpSender } from './settings.ts';

export interface MllpServerOptions {
  port: number;
  host?: string;
  maxMessageBytes: number;
  idleTimeoutMs: number;
  /** Connections open at once; one more is answered AR and closed (default 200). */
  maxConnections?: number;
  /**
   * Messages read but not yet acknowledged on one connection: past this the listener stops
   * reading that socket until it catches up, so a fast sender cannot fill its memory (default 32).
   */
  maxQueuedMessages?: number;
  tls?: {
    cert: string | Buffer;
    key: string | Buffer;
    ca?: string | Buffer;
    requestClientCertificate?: boolean;
  };
  senders: MllpSender[];
  /**
   * Where a load balancer's health checks come from: those connections are closed quietly, not
   * logged as refused (on AWS, the VPC's own range).
   */
  probeNetworks?: string[];
  ingest(body: Buffer, sender: Sender): Promise<IngestResult>;
  newControlId(): string;
  /** Ids only: control id, ACK code, outcome, sender. */
  log(event: string, details: Record<string, unknown>): void;
}

export interface MllpServer {
  readonly port: number;
  /** Open connections per sender id, now. */
  connections(): Map<string, number>;
  /** No new connections; those open go on (a stopping task lets its ACKs in flight finish). */
  stopAccepting(): void;
  close(): Promise<void>;
}

function networksOf(networks: string[] | undefined): NetworkList | undefined {
  return networks === undefined || networks.length === 0 ? undefined : new NetworkList(networks);
}

export async function startMllpServer(options: MllpServerOptions): Promise<MllpServer> {
  const rules = options.senders.map((sender) => ({ sender, networks: networksOf(sender.networks) }));
  const probes = networksOf(options.probeNetworks);
  const sockets = new Set<Socket>();
  const senderOf = new Map<Socket, string>();

  /** The peer's address as text (an IPv4-mapped one as IPv4). */
  function sourceOf(socket: Socket): string {
    const raw = socket.remoteAddress ?? '';
    const address = parseAddress(raw);
    return address === undefined ? raw : formatAddress(address);
  }

  function identify(socket: Socket): Sender | undefined {
    const address = sourceOf(socket);
    const cn = (socket as TLSSocket).getPeerCertificate?.()?.subject?.CN;
    const rule = rules.find(
      ({ sender, networks }) =>
        networks?.has(address) === true ||
        (sender.certificateCn !== undefined && sender.certificateCn === cn),
    );
    return rule === undefined
      ? undefined
      : { senderId: rule.sender.senderId, facilities: rule.sender.facilities };
  }

  function refusal(reason: string): Buffer {
    return frame(
      buildAck(undefined, {
        code: 'AR',
        controlId: options.newControlId(),
        time: new Date(),
        reason,
        error: { hl7ErrorCode: '100' },
        sender: { application: 'ADTHUB', facility: 'ADTHUB' },
      }),
    );
  }

  const maxConnections = options.maxConnections ?? 200;
  const maxQueued = options.maxQueuedMessages ?? 32;

  /** Writes a frame, waiting for the socket to drain when its buffer is full. */
  async function send(socket: Socket, bytes: Buffer): Promise<void> {
    if (socket.destroyed || socket.writableEnded) return;
    if (socket.write(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  function onConnection(socket: Socket): void {
    if (sockets.size >= maxConnections) {
      options.log('mllp connection refused', { reason: 'too many connections', open: sockets.size });
      socket.end(refusal('The listener has too many connections; try again shortly'));
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (error) =>
      options.log('mllp connection error', { code: (error as NodeJS.ErrnoException).code }),
    );
    const identified = identify(socket);
    if (identified === undefined) {
      const address = sourceOf(socket);
      if (probes?.has(address) === true) {
        socket.end();
        return;
      }
      // A network address, not personal data: what an operator needs to see who knocked.
      options.log('mllp connection refused', { reason: 'unknown source', source: address });
      socket.destroy();
      return;
    }
    const sender: Sender = identified;
    senderOf.set(socket, sender.senderId);
    socket.on('close', () => senderOf.delete(socket));
    socket.setTimeout(options.idleTimeoutMs, () => {
      options.log('mllp connection idle', { senderId: sender.senderId });
      socket.end();
      // A peer that never closes its side is not left holding a socket.
      setTimeout(() => socket.destroy(), 5_000).unref();
    });
    const decoder = new MllpDecoder(options.maxMessageBytes);
    // One message at a time per connection, so ACKs go back in the order messages came; reading
    // stops while too many wait, and starts again when half of them are answered.
    const waiting: Decoded[] = [];
    let working = false;
    async function work(): Promise<void> {
      working = true;
      for (let item = waiting.shift(); item !== undefined; item = waiting.shift()) {
        if (socket.isPaused() && waiting.length <= maxQueued / 2) socket.resume();
        await send(socket, await answer(item));
      }
      working = false;
    }
    async function answer(item: Decoded): Promise<Buffer> {
      if (item.kind === 'too-large')
        return refusal(`The message is larger than ${options.maxMessageBytes} bytes`);
      if (item.kind === 'stray-bytes') return refusal('Data outside an MLLP frame (0x0B ... 0x1C 0x0D)');
      try {
        const result = await options.ingest(item.bytes, sender);
        options.log('hl7 message', { transport: 'mllp', ...ingestLogFields(result, sender) });
        return frame(result.ack);
      } catch (error) {
        // Never an unanswered frame, never a crash: AR, and the sender sends it again.
        options.log('mllp message failed', { senderId: sender.senderId, error: (error as Error).name });
        return frame(
          buildAck(item.bytes, {
            code: 'AR',
            controlId: options.newControlId(),
            time: new Date(),
            reason: 'The hub could not store the message; send it again',
            error: { hl7ErrorCode: '207' },
            sender: { application: 'ADTHUB', facility: 'ADTHUB' },
          }),
        );
      }
    }
    socket.on('data', (data: Buffer) => {
      waiting.push(...decoder.push(data));
      if (waiting.length >= maxQueued) socket.pause();
      if (!working && waiting.length > 0) void work();
    });
    socket.on('end', () => {
      if (decoder.partial) options.log('mllp connection closed mid-frame', { senderId: sender.senderId });
    });
  }

  const server: Server = options.tls
    ? createTlsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ca: options.tls.ca,
          requestCert: options.tls.requestClientCertificate ?? false,
          rejectUnauthorized: options.tls.requestClientCertificate ?? false,
        },
        onConnection,
      )
    : createTcpServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    connections: () => {
      const counts = new Map<string, number>();
      for (const senderId of senderOf.values()) counts.set(senderId, (counts.get(senderId) ?? 0) + 1);
      return counts;
    },
    stopAccepting: () => {
      server.close();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
