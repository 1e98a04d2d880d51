/**
 * A linear-time, stable argsort for float values: LSD radix sort on the
 * float32 bit patterns, two passes of 16 bits. Scoring a million samples
 * sorts a few dozen columns; comparison sorts through a callback would
 * dominate the run time.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * An unsigned key that orders like the float32 value: positives get the
 * sign bit set, negatives are bit-flipped. −0 sorts just before +0.
 */
export function sortKey(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * The indices of `values` in increasing order, compared at float32
 * precision; equal values keep the order of `start` (default 0..n-1).
 * NaN values must be removed first. O(n).
 */
export function argsortFloat(
  values: ArrayLike<number>,
  start?: Uint32Array,
): Uint32Array {
  const n = start ? start.length : values.length;
  let order = start ? Uint32Array.from(start) : new Uint32Array(n);
  if (!start) for (let i = 0; i < n; i++) order[i] = i;
  const keyOf = keysOf(values);
  let tmp = new Uint32Array(n);
  for (const shift of [0, 16]) {
    radixPass(order, tmp, keyOf, shift);
    [order, tmp] = [tmp, order];
  }
  return order;
}

/** The sort key of every value; read from the bits for float32 input. */
function keysOf(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  const out = new Uint32Array(n);
  if (!(values instanceof Float32Array)) {
    for (let i = 0; i < n; i++) out[i] = sortKey(values[i]);
    return out;
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    out[i] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  return out;
}

/** One stable counting pass on 16 bits of the key. */
function radixPass(
  from: Uint32Array,
  to: Uint32Array,
  key: Uint32Array,
  shift: number,
): void {
  const count = new Uint32Array(65537);
  for (let i = 0; i < from.length; i++) {
    count[((key[from[i]] >>> shift) & 0xffff) + 1]++;
  }
  for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
  for (let i = 0; i < from.length; i++) {
    const b = (key[from[i]] >>> shift) & 0xffff;
    to[count[b]++] = from[i];
  }
}
