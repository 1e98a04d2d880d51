/**
 * The numeric arrays the model computes on. Training runs in float32; the
 * gradient checks build the same network in float64, so every layer and
 * kernel is written once against `Vec`.
 */
export type Vec = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** A zero-filled array of `n` values in `dtype`. */
export function alloc(dtype: DType, n: number): Vec {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/**
 * As `alloc`, on a SharedArrayBuffer: arrays that the row pool's worker
 * threads read or write (embedding tables, their moments, batch buffers).
 */
export function allocShared(dtype: DType, n: number): Vec {
  return dtype === 'float64'
    ? new Float64Array(new SharedArrayBuffer(n * 8))
    : new Float32Array(new SharedArrayBuffer(n * 4));
}

/** An Int32Array of `n` zeros on a SharedArrayBuffer. */
export function sharedInts(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

/** The dtype of an existing array. */
export function dtypeOf(v: Vec): DType {
  return v instanceof Float64Array ? 'float64' : 'float32';
}

/**
 * A learned array and its gradient. `sparse` parameters (embedding tables)
 * receive gradients only for the rows a batch touched, see `SparseGrad`.
 */
export interface Param {
  name: string;
  shape: number[];
  value: Vec;
  /** Dense gradient, same length as `value`; empty for sparse params. */
  grad: Vec;
  sparse?: SparseGrad;
}

/** The gradient of a row-sparse table: `count` touched rows of `width`. */
export interface SparseGrad {
  width: number;
  /** Touched row indices, the first `count` entries are valid. */
  rows: Int32Array;
  count: number;
  /** count x width gradient rows, in the order of `rows`. */
  grad: Vec;
}

/** Creates a dense parameter with zero gradient. */
export function denseParam(name: string, shape: number[], dtype: DType): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape, value: alloc(dtype, n), grad: alloc(dtype, n) };
}

/**
 * A growable scratch buffer: `get(n)` returns a view of at least `n` values,
 * reallocating only when the batch grows; `shared` puts it on a
 * SharedArrayBuffer.
 */
export class Scratch {
  private buf: Vec;
  constructor(
    private readonly dtype: DType,
    private readonly shared = false,
  ) {
    this.buf = alloc(dtype, 0);
  }

  get(n: number): Vec {
    if (this.buf.length < n) {
      this.buf = (this.shared ? allocShared : alloc)(this.dtype, n);
    }
    return this.buf.length === n ? this.buf : this.buf.subarray(0, n);
  }
}
