// MLLP framing: a message is 0x0B, its bytes, then 0x1C 0x0D. The decoder takes TCP data as it
// comes (a frame split across packets, several frames in one) and gives back whole frames, and
// says so when it meets bytes outside a frame or a frame over the size limit.

export const START = 0x0b;
export const END = 0x1c;
export const CR = 0x0d;

export type Decoded = { kind: 'frame'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'stray-bytes' };

export function frame(message: string | Uint8Array): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
  return Buffer.concat([Buffer.from([START]), body, Buffer.from([END, CR])]);
}

export class MllpDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private oversized = false;
  private strayReported = false;

  constructor(private readonly maxBytes: number) {}

  /** True while part of a frame has arrived and the rest has not. */
  get partial(): boolean {
    return this.inFrame;
  }

  push(data: Buffer): Decoded[] {
    const out: Decoded[] = [];
    let i = 0;
    while (i < data.length) {
      if (!this.inFrame) {
        const start = data.indexOf(START, i);
        const before = data.subarray(i, start === -1 ? data.length : start);
        // Line ends between frames are common and harmless; anything else is not MLLP.
        if (!this.strayReported && before.some((byte) => byte !== CR && byte !== 0x0a && byte !== 0x20)) {
          this.strayReported = true;
          out.push({ kind: 'stray-bytes' });
        }
        if (start === -1) return out;
        this.inFrame = true;
        this.strayReported = false;
        i = start + 1;
        continue;
      }
      const end = data.indexOf(END, i);
      const piece = data.subarray(i, end === -1 ? data.length : end);
      if (!this.oversized) {
        this.size += piece.length;
        if (this.size > this.maxBytes) {
          this.oversized = true;
          this.chunks = [];
        } else {
          this.chunks.push(Buffer.from(piece));
        }
      }
      if (end === -1) return out;
      out.push(this.oversized ? { kind: 'too-large' } : { kind: 'frame', bytes: Buffer.concat(this.chunks) });
      this.chunks = [];
      this.size = 0;
      this.inFrame = false;
      this.oversized = false;
      // The CR after the end byte is part of the trailer.
      i = end + 1;
      if (data[i] === CR) i++;
    }
    return out;
  }
}
