/**
 * Feature columns computed on demand, a range of rows at a time, from the
 * raw per-row values and the learned encoder: the encoded table is never
 * held in memory whole, only written chunk by chunk.
 */
import type { Standardiser, Vocabulary } from './encode.ts';

/** A column of `length` rows whose values are made when asked for. */
export interface LazyColumn {
  readonly kind: 'i32' | 'f32';
  readonly length: number;
  /** Writes rows [from, from + out.length) into `out`. */
  fill(out: Int32Array | Float32Array, from: number): void;
}

/**
 * Where row r's raw value is: `values[key[r]]` with a key (an attribute
 * of the row's user, item, ...), else `values[r * stride + offset]`.
 */
export interface RowSource<T extends ArrayLike<number>> {
  values: T;
  key?: Int32Array;
  stride?: number;
  offset?: number;
  rows: number;
}

/** The raw values of rows [from, from + n) of `src` into `out`. */
export function readSource<T extends ArrayLike<number>>(
  src: RowSource<T>,
  out: { [i: number]: number },
  from: number,
  n: number,
): void {
  const { values, key } = src;
  if (key) {
    for (let i = 0; i < n; i++) out[i] = values[key[from + i]];
    return;
  }
  const stride = src.stride ?? 1;
  const offset = src.offset ?? 0;
  for (let i = 0; i < n; i++) out[i] = values[(from + i) * stride + offset];
}

/** All rows of an integer source, as an array. */
export function materialise(src: RowSource<Int32Array>): Int32Array {
  const out = new Int32Array(src.rows);
  readSource(src, out, 0, src.rows);
  return out;
}

/** All rows of a numeric source, as an array. */
export function materialiseF(
  src: RowSource<Float64Array | Float32Array>,
): Float64Array {
  const out = new Float64Array(src.rows);
  readSource(src, out, 0, src.rows);
  return out;
}

/** Vocabulary ids of value indices (-1, unknown, is 0); see encode(). */
export function lazyEncode(
  src: RowSource<Int32Array>,
  vocab: Vocabulary,
): LazyColumn {
  return {
    kind: 'i32',
    length: src.rows,
    fill(out, from) {
      readSource(src, out, from, out.length);
      for (let i = 0; i < out.length; i++) {
        const v = out[i];
        out[i] = v >= 0 ? vocab.ids[v] : 0;
      }
    },
  };
}

/** Standardised numbers, missing as 0; see standardise(). */
export function lazyStandardise(
  src: RowSource<Float64Array | Float32Array>,
  s: Standardiser,
): LazyColumn {
  let scratch = new Float64Array(0);
  return {
    kind: 'f32',
    length: src.rows,
    fill(out, from) {
      if (scratch.length < out.length) scratch = new Float64Array(out.length);
      readSource(src, scratch, from, out.length);
      for (let i = 0; i < out.length; i++) {
        const v = scratch[i];
        if (Number.isNaN(v)) {
          out[i] = 0;
          continue;
        }
        const x = s.log ? Math.log1p(Math.max(0, v)) : v;
        out[i] = (x - s.mean) / s.std;
      }
    },
  };
}

/** Bucket ids of numbers: 0 missing, 1 + cut points <= value. */
export function lazyBuckets(
  src: RowSource<Float64Array | Float32Array>,
  cuts: number[],
): LazyColumn {
  let scratch = new Float64Array(0);
  return {
    kind: 'i32',
    length: src.rows,
    fill(out, from) {
      if (scratch.length < out.length) scratch = new Float64Array(out.length);
      readSource(src, scratch, from, out.length);
      for (let i = 0; i < out.length; i++) {
        const v = scratch[i];
        let lo = 0;
        let hi = cuts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cuts[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        out[i] = Number.isNaN(v) ? 0 : lo + 1;
      }
    },
  };
}

/** A column held whole, seen as a lazy one. */
export function eager(values: Int32Array | Float32Array): LazyColumn {
  return {
    kind: values instanceof Int32Array ? 'i32' : 'f32',
    length: values.length,
    fill(out, from) {
      out.set(values.subarray(from, from + out.length));
    },
  };
}

/** The values of `rows` (any order), as float64. */
export function pickRows(col: LazyColumn, rows: Int32Array): Float64Array {
  const one = col.kind === 'i32' ? new Int32Array(1) : new Float32Array(1);
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    col.fill(one, rows[j]);
    out[j] = one[0];
  }
  return out;
}
