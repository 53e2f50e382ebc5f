// SHA-256 in hex: the one hash for sender keys, FIFO group and deduplication ids, and ids that
// must not show the personal value they are made from.
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
