// The look-up tables of many roster shards merged into one sorted table, so that a key is one search
// however many rosters there are (at 200 rosters, asking each in turn was most of a large import's
// time). Built when a process loads the registry; a roster uploaded later is asked on its own beside
// it (RosterIndex), so an upload never rebuilds the table over the other rosters' rows.
import type { RosterShard } from './roster-shard.ts';

/** Sorts `keys` with `values` alongside, stably, by two 16-bit passes (a radix sort). */
function sortPairs(keys: Uint32Array, values: Uint32Array): { keys: Uint32Array; values: Uint32Array } {
  let fromKeys: Uint32Array = keys;
  let fromValues: Uint32Array = values;
  let toKeys: Uint32Array = new Uint32Array(keys.length);
  let toValues: Uint32Array = new Uint32Array(values.length);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65_537);
    for (let i = 0; i < fromKeys.length; i++) {
      const digit = (((fromKeys[i] as number) >>> shift) & 0xffff) + 1;
      counts[digit] = (counts[digit] as number) + 1;
    }
    for (let digit = 1; digit < counts.length; digit++)
      counts[digit] = (counts[digit] as number) + (counts[digit - 1] as number);
    for (let i = 0; i < fromKeys.length; i++) {
      const key = fromKeys[i] as number;
      const at = counts[(key >>> shift) & 0xffff] as number;
      counts[(key >>> shift) & 0xffff] = at + 1;
      toKeys[at] = key;
      toValues[at] = fromValues[i] as number;
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [fromValues, toValues] = [toValues, fromValues];
  }
  return { keys: fromKeys, values: fromValues };
}

export class MergedLookup {
  private constructor(
    /** The shards merged, in the order their positions are numbered. */
    readonly shards: readonly RosterShard[],
    private readonly stride: number,
    private readonly hashes: Uint32Array,
    /** Beside each hash: the shard's position × stride + the row. */
    private readonly refs: Uint32Array,
    /** Where each run of hashes with the same top bits begins (one more entry for the end). */
    private readonly directory: Uint32Array,
    private readonly shift: number,
  ) {}

  /** One table over these shards' look-up tables; rows of one hash stay in shard, then row, order. */
  static of(shards: readonly RosterShard[]): MergedLookup {
    const stride = 2 ** Math.ceil(Math.log2(Math.max(2, ...shards.map((shard) => shard.size))));
    if (shards.length * stride > 2 ** 32) throw new Error('too many roster rows to merge into one table');
    const total = shards.reduce((sum, shard) => sum + shard.lookupTable().hashes.length, 0);
    const keys = new Uint32Array(total);
    const values = new Uint32Array(total);
    let at = 0;
    for (const [position, shard] of shards.entries()) {
      const { hashes, rows } = shard.lookupTable();
      keys.set(hashes, at);
      for (let i = 0; i < rows.length; i++) values[at + i] = position * stride + (rows[i] as number);
      at += hashes.length;
    }
    const sorted = sortPairs(keys, values);
    // About four hashes a bucket.
    let bits = 4;
    while (bits < 24 && 2 ** bits * 4 < total) bits++;
    const shift = 32 - bits;
    const directory = new Uint32Array(2 ** bits + 1);
    let next = 0;
    for (let bucket = 0; bucket <= 2 ** bits; bucket++) {
      while (next < total && (sorted.keys[next] as number) >>> shift < bucket) next++;
      directory[bucket] = next;
    }
    return new MergedLookup(shards, stride, sorted.keys, sorted.values, directory, shift);
  }

  /** Calls `visit` with the shard position and row of every entry of this hash, in order. */
  forEach(hash: number, visit: (position: number, row: number) => void): void {
    const bucket = hash >>> this.shift;
    const end = this.directory[bucket + 1] as number;
    let at = this.directory[bucket] as number;
    while (at < end && (this.hashes[at] as number) < hash) at++;
    for (; at < end && this.hashes[at] === hash; at++) {
      const ref = this.refs[at] as number;
      visit(Math.floor(ref / this.stride), ref % this.stride);
    }
  }
}
