// The look-up tables of many roster shards merged into one table, bucketed by hash, so that a key
// is one search however many rosters there are (at 200 rosters, asking each in turn was most of a
// large import's time). Built when a process loads the registry; a roster uploaded later is asked on its own beside
// it (RosterIndex), so an upload never rebuilds the table over the other rosters' rows.
import type { RosterShard } from './roster-shard.ts';

export class MergedLookup {
  private constructor(
    /** The shards merged, in the order their positions are numbered. */
    readonly shards: readonly RosterShard[],
    private readonly stride: number,
    /** Pairs: a hash, then the shard's position × stride + the row (side by side: one cache line). */
    private readonly entries: Uint32Array,
    /** Where each bucket (hashes with the same top bits) begins, in pairs; one more entry for the end. */
    private readonly directory: Uint32Array,
    private readonly shift: number,
  ) {}

  /** One table over these shards' look-up tables; rows of one hash stay in shard, then row, order. */
  static of(shards: readonly RosterShard[]): MergedLookup {
    const stride = 2 ** Math.ceil(Math.log2(Math.max(2, ...shards.map((shard) => shard.size))));
    if (shards.length * stride > 2 ** 32) throw new Error('too many roster rows to merge into one table');
    const tables = shards.map((shard) => shard.lookupTable());
    const total = tables.reduce((sum, table) => sum + table.hashes.length, 0);
    // About eight hashes a bucket: a directory small enough to stay in cache while it is counted.
    let bits = 4;
    while (bits < 24 && 2 ** bits * 8 < total) bits++;
    const shift = 32 - bits;
    // One stable counting sort by the hashes' top bits, straight from the shards' tables: its
    // counts are the directory, and within a bucket entries keep shard, then row, order. A bucket
    // is read whole, so it needs no order of its own.
    const directory = new Uint32Array(2 ** bits + 1);
    for (const { hashes } of tables)
      for (let i = 0; i < hashes.length; i++) {
        const bucket = ((hashes[i] as number) >>> shift) + 1;
        directory[bucket] = (directory[bucket] as number) + 1;
      }
    for (let bucket = 1; bucket < directory.length; bucket++)
      directory[bucket] = (directory[bucket] as number) + (directory[bucket - 1] as number);
    const next = directory.slice(0, 2 ** bits);
    const entries = new Uint32Array(2 * total);
    for (const [position, table] of tables.entries()) {
      const base = position * stride;
      for (let i = 0; i < table.hashes.length; i++) {
        const hash = table.hashes[i] as number;
        const bucket = hash >>> shift;
        const at = next[bucket] as number;
        next[bucket] = at + 1;
        entries[2 * at] = hash;
        entries[2 * at + 1] = base + (table.rows[i] as number);
      }
    }
    return new MergedLookup(shards, stride, entries, directory, shift);
  }

  /** Calls `visit` with the shard position and row of every entry of this hash, in order. */
  forEach(hash: number, visit: (position: number, row: number) => void): void {
    const bucket = hash >>> this.shift;
    const end = this.directory[bucket + 1] as number;
    for (let at = this.directory[bucket] as number; at < end; at++) {
      if (this.entries[2 * at] !== hash) continue;
      const ref = this.entries[2 * at + 1] as number;
      visit(Math.floor(ref / this.stride), ref % this.stride);
    }
  }
}
