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
import { frame, MllpDecoder } from './framing.ts';
import type { MllpSender } from './settings.ts';

export interface MllpServerOptions {
  port: number;
  host?: string;
  maxMessageBytes: number;
  idleTimeoutMs: number;
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

  function onConnection(socket: Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', (error) =>
      options.log('mllp connection error', { code: (error as NodeJS.ErrnoException).code }),
    );
    const sender = identify(socket);
    if (sender === undefined) {
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
    socket.setTimeout(options.idleTimeoutMs, () => {
      options.log('mllp connection idle', { senderId: sender.senderId });
      socket.end();
    });
    const decoder = new MllpDecoder(options.maxMessageBytes);
    // One message at a time per connection, so ACKs go back in the order messages came.
    let pending: Promise<void> = Promise.resolve();
    socket.on('data', (data: Buffer) => {
      for (const item of decoder.push(data)) {
        pending = pending.then(async () => {
          if (item.kind === 'too-large') {
            socket.write(refusal(`The message is larger than ${options.maxMessageBytes} bytes`));
            return;
          }
          if (item.kind === 'stray-bytes') {
            socket.write(refusal('Data outside an MLLP frame (0x0B ... 0x1C 0x0D)'));
            return;
          }
          const result = await options.ingest(item.bytes, sender);
          options.log('hl7 message', { transport: 'mllp', ...ingestLogFields(result, sender) });
          if (!socket.destroyed) socket.write(frame(result.ack));
        });
      }
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
