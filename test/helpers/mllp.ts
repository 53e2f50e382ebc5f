// A raw MLLP peer on a real loopback socket: writes exactly the bytes a test gives it, and
// collects the ACK frames that come back.
import { connect, type Socket } from 'node:net';
import { MllpDecoder } from '../../functions/mllp/framing.ts';
import { eventually } from './eventually.ts';
import { msaOf } from './hl7.ts';

export interface RawPeer {
  socket: Socket;
  acks: string[];
  /** Resolves when `count` ACKs have arrived (or rejects after `timeoutMs`). */
  waitForAcks(count: number, timeoutMs?: number): Promise<string[]>;
  closed: Promise<void>;
}

export async function rawPeer(port: number): Promise<RawPeer> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new MllpDecoder(10 * 1024 * 1024);
  const acks: string[] = [];
  socket.on('data', (data: Buffer) => {
    for (const item of decoder.push(data))
      if (item.kind === 'frame') acks.push(item.bytes.toString('latin1'));
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    acks,
    closed,
    waitForAcks: async (count, timeoutMs = 10_000) => {
      await eventually(`${count} ACKs (${acks.length} so far)`, () => acks.length >= count, {
        timeoutMs,
        intervalMs: 10,
      });
      return acks;
    },
  };
}

export function ackSummary(ack: string): string {
  const { code, controlId } = msaOf(ack);
  return `${code} ${controlId}`;
}
