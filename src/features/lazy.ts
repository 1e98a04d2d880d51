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
  /** Writes the listed rows (any order) into `out`. */
  gather(out: Int32Array | Float32Array, rows: Int32Array): void;
}

/** Rows [from, from + n) or, as an array, the listed rows. */
type At = number | Int32Array;

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
  readAt(src, out, from, n);
}

/** The raw values of the rows `at` (see At), n of them, into `out`. */
function readAt<T extends ArrayLike<number>>(
  src: RowSource<T>,
  out: { [i: number]: number },
  at: At,
  n: number,
): void {
  const { values, key } = src;
  const stride = src.stride ?? 1;
  const offset = src.offset ?? 0;
  if (typeof at === 'number') {
    if (key) for (let i = 0; i < n; i++) out[i] = values[key[at + i]];
    else
      for (let i = 0; i < n; i++) out[i] = values[(at + i) * stride + offset];
  } else if (key) {
    for (let i = 0; i < n; i++) out[i] = values[key[at[i]]];
  } else {
    for (let i = 0; i < n; i++) out[i] = values[at[i] * stride + offset];
  }
}

/**
 * A lazy column from a way to turn the raw values of `n` rows at `at`
 * into `out`.
 */
function lazy(
  kind: 'i32' | 'f32',
  length: number,
  make: (out: Int32Array | Float32Array, at: At, n: number) => void,
): LazyColumn {
  return {
    kind,
    length,
    fill: (out, from) => make(out, from, out.length),
    gather: (out, rows) => make(out, rows, rows.length),
  };
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

/** The raw values of an integer source, as they are. */
export function lookup(src: RowSource<Int32Array>): LazyColumn {
  return lazy('i32', src.rows, (out, at, n) => readAt(src, out, at, n));
}

/** Each row's own number (0, 1, ...), made when read rather than held. */
export function rowNumbers(length: number): LazyColumn {
  return lazy('i32', length, (out, at, n) => {
    if (typeof at === 'number') for (let i = 0; i < n; i++) out[i] = at + i;
    else out.set(at.subarray(0, n));
  });
}

/** Vocabulary ids of value indices (-1, unknown, is 0); see encode(). */
export function lazyEncode(
  src: RowSource<Int32Array>,
  vocab: Vocabulary,
): LazyColumn {
  const ids = vocab.ids;
  return lazy('i32', src.rows, (out, at, n) => {
    readAt(src, out, at, n);
    for (let i = 0; i < n; i++) {
      const v = out[i];
      out[i] = v >= 0 ? ids[v] : 0;
    }
  });
}

/** Standardised numbers, missing as 0; see standardise(). */
export function lazyStandardise(
  src: RowSource<Float64Array | Float32Array>,
  s: Standardiser,
): LazyColumn {
  let scratch = new Float64Array(0);
  return lazy('f32', src.rows, (out, at, n) => {
    if (scratch.length < n) scratch = new Float64Array(n);
    readAt(src, scratch, at, n);
    for (let i = 0; i < n; i++) {
      const v = scratch[i];
      if (Number.isNaN(v)) {
        out[i] = 0;
        continue;
      }
      const x = s.log ? Math.log1p(Math.max(0, v)) : v;
      out[i] = (x - s.mean) / s.std;
    }
  });
}

/** Bucket ids of numbers: 0 missing, 1 + cut points <= value. */
export function lazyBuckets(
  src: RowSource<Float64Array | Float32Array>,
  cuts: number[],
): LazyColumn {
  let scratch = new Float64Array(0);
  return lazy('i32', src.rows, (out, at, n) => {
    if (scratch.length < n) scratch = new Float64Array(n);
    readAt(src, scratch, at, n);
    for (let i = 0; i < n; i++) {
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
  });
}

/** A column held whole, seen as a lazy one. */
export function eager(values: Int32Array | Float32Array): LazyColumn {
  return lazy(
    values instanceof Int32Array ? 'i32' : 'f32',
    values.length,
    (out, at, n) => {
      if (typeof at === 'number') out.set(values.subarray(at, at + n));
      else for (let i = 0; i < n; i++) out[i] = values[at[i]];
    },
  );
}

/** The values of `rows` (any order), as float64. */
export function pickRows(col: LazyColumn, rows: Int32Array): Float64Array {
  const out =
    col.kind === 'i32'
      ? new Int32Array(rows.length)
      : new Float32Array(rows.length);
  col.gather(out, rows);
  return Float64Array.from(out);
}
