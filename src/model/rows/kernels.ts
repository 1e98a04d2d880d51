/**
 * The row-sparse work of a training step: gathering embedding rows for a
 * batch, scattering their gradient into per-row slots, and lazy Adam or
 * Adagrad on the touched rows. Each job is cut into chunks (rows of the
 * batch, fields, or gradient slots) that touch disjoint memory, so that
 * threads can take chunks in any order and still write the same bytes as
 * one thread would: every value is computed by the same expression on the
 * same inputs whichever thread computes it.
 *
 * This module imports nothing at run time: the row pool's worker threads
 * load it on their own.
 */

/** Any array a job reads or writes. */
export type RowArray = Float32Array | Float64Array | Int32Array;

/** Float rows: Float32Array while training, Float64Array in checks. */
type F = Float32Array | Float64Array;

export const GATHER = 1;
export const SCATTER = 2;
export const LAZY_ADAM = 3;
export const ADAGRAD = 4;

/** Batch rows per chunk of a gather. */
export const GATHER_ROWS = 64;
/** Gradient slots per chunk of an optimizer step. */
export const UPDATE_SLOTS = 512;

/**
 * One job: `arrays` and `ints` in the order its kind lists below, and
 * `floats` for the optimizers' constants.
 *
 * GATHER    [table, cat, out, offsets]; [rows, fields, dim, outDim]
 *   out[r, f·dim ..] = table[offsets[f] + cat[r, f]]: the looked-up rows.
 * SCATTER   [dy, cat, offsets, slotOf, slotRows, slotGrad, fieldCounts];
 *           [rows, fields, dim, outDim]
 *   Field f's touched rows get slots f·rows, f·rows + 1, ... in order of
 *   first touch, their summed gradient in slotGrad and their row index in
 *   slotRows; fieldCounts[f] is how many. `slotOf` (one entry per table
 *   row, zero on entry) is zero again on return. `packSlots` then closes
 *   the gaps between fields.
 * LAZY_ADAM [table, moments, slotRows, slotGrad]; [count, dim];
 *           [stepSize, eps, beta1, beta2]
 *   Adam on the first `count` slots' rows; a row's first moment and then
 *   its second sit side by side in `moments` (2·dim values per row).
 * ADAGRAD   [table, accumulator, slotRows, slotGrad]; [count, dim];
 *           [lr, eps]
 */
export interface RowJob {
  kind: number;
  arrays: RowArray[];
  ints: ArrayLike<number>;
  floats: ArrayLike<number>;
}

/** How many chunks a job has. */
export function chunkCount(job: RowJob): number {
  const n = job.ints[0];
  switch (job.kind) {
    case GATHER:
      return Math.ceil(n / GATHER_ROWS);
    case SCATTER:
      return job.ints[1];
    default:
      return Math.ceil(n / UPDATE_SLOTS);
  }
}

/**
 * Runs chunks `claim()` hands out until it returns one past the end.
 * Threads share a job by sharing `claim`.
 */
export function work(job: RowJob, claim: () => number): void {
  const total = chunkCount(job);
  for (let c = claim(); c < total; c = claim()) runChunk(job, c);
}

function runChunk(job: RowJob, c: number): void {
  const { arrays: a, ints: i, floats: x } = job;
  switch (job.kind) {
    case GATHER: {
      const r0 = c * GATHER_ROWS;
      const r1 = Math.min(i[0], r0 + GATHER_ROWS);
      const [table, cat, out, offsets] = a as [F, Int32Array, F, Int32Array];
      gather(table, cat, out, offsets, r0, r1, i[1], i[2], i[3]);
      return;
    }
    case SCATTER: {
      const [dy, cat, offsets, slotOf, rows, grad, counts] = a as [
        F,
        Int32Array,
        Int32Array,
        Int32Array,
        Int32Array,
        F,
        Int32Array,
      ];
      const field = { offsets, slotOf, rows, grad, counts };
      scatterField(dy, cat, field, c, i[0], i[1], i[2], i[3]);
      return;
    }
    case LAZY_ADAM: {
      const s0 = c * UPDATE_SLOTS;
      const s1 = Math.min(i[0], s0 + UPDATE_SLOTS);
      const [W, mv, rows, grad] = a as [F, F, Int32Array, F];
      lazyAdam(W, mv, rows, grad, s0, s1, i[1], x[0], x[1], x[2], x[3]);
      return;
    }
    case ADAGRAD: {
      const s0 = c * UPDATE_SLOTS;
      const s1 = Math.min(i[0], s0 + UPDATE_SLOTS);
      const [W, acc, rows, grad] = a as [F, F, Int32Array, F];
      adagrad(W, acc, rows, grad, s0, s1, i[1], x[0], x[1]);
      return;
    }
    default:
      throw new Error(`unknown row job kind ${job.kind}`);
  }
}

/** Batch rows [r0, r1), field by field so each pass stays in one table. */
function gather(
  table: F,
  cat: Int32Array,
  out: F,
  offsets: Int32Array,
  r0: number,
  r1: number,
  fields: number,
  dim: number,
  outDim: number,
): void {
  for (let f = 0; f < fields; f++) {
    const base = offsets[f];
    for (let r = r0, o = r0 * outDim + f * dim; r < r1; r++, o += outDim) {
      copyRow(table, (base + cat[r * fields + f]) * dim, out, o, dim);
    }
  }
}

interface SlotTarget {
  offsets: Int32Array;
  slotOf: Int32Array;
  rows: Int32Array;
  grad: F;
  counts: Int32Array;
}

function scatterField(
  dy: F,
  cat: Int32Array,
  t: SlotTarget,
  f: number,
  rows: number,
  fields: number,
  dim: number,
  outDim: number,
): void {
  const { slotOf, grad } = t;
  const base = t.offsets[f];
  const first = f * rows;
  let count = 0;
  for (let r = 0, o = f * dim; r < rows; r++, o += outDim) {
    const row = base + cat[r * fields + f];
    let slot = slotOf[row] - 1;
    if (slot < 0) {
      slot = first + count++;
      slotOf[row] = slot + 1;
      t.rows[slot] = row;
      grad.fill(0, slot * dim, slot * dim + dim);
    }
    addRow(dy, o, grad, slot * dim, dim);
  }
  for (let s = first; s < first + count; s++) slotOf[t.rows[s]] = 0;
  t.counts[f] = count;
}

/**
 * Moves each field's slots (from f·rows, fieldCounts[f] of them) down so
 * they follow each other from slot 0; returns the total.
 */
export function packSlots(
  rows: Int32Array,
  grad: F,
  counts: Int32Array,
  batchRows: number,
  fields: number,
  dim: number,
): number {
  let at = 0;
  for (let f = 0; f < fields; f++) {
    const from = f * batchRows;
    const n = counts[f];
    if (from !== at && n > 0) {
      rows.copyWithin(at, from, from + n);
      grad.copyWithin(at * dim, from * dim, (from + n) * dim);
    }
    at += n;
  }
  return at;
}

function lazyAdam(
  W: F,
  mv: F,
  rows: Int32Array,
  grad: F,
  s0: number,
  s1: number,
  d: number,
  a: number,
  e: number,
  b1: number,
  b2: number,
): void {
  for (let s = s0; s < s1; s++) {
    const base = rows[s] * d;
    const mo = 2 * base;
    for (let j = 0; j < d; j++) {
      const gi = grad[s * d + j];
      const mi = (mv[mo + j] = b1 * mv[mo + j] + (1 - b1) * gi);
      const vi = (mv[mo + d + j] = b2 * mv[mo + d + j] + (1 - b2) * gi * gi);
      W[base + j] -= (a * mi) / (Math.sqrt(vi) + e);
    }
  }
}

function adagrad(
  W: F,
  acc: F,
  rows: Int32Array,
  grad: F,
  s0: number,
  s1: number,
  d: number,
  lr: number,
  eps: number,
): void {
  for (let s = s0; s < s1; s++) {
    const base = rows[s] * d;
    for (let j = 0; j < d; j++) {
      const gi = grad[s * d + j];
      const k = base + j;
      acc[k] += gi * gi;
      W[k] -= (lr * gi) / (Math.sqrt(acc[k]) + eps);
    }
  }
}

// The row loops below go four values at a time: a table row is short
// (often 16 values) and scattered, and the unrolled body lets the engine
// issue one row's loads together, which measured 1.7x faster than the
// plain loop on 16-value rows.

/** dst[d .. d + n) = src[s .. s + n). */
function copyRow(src: F, s: number, dst: F, d: number, n: number): void {
  const n4 = n - (n % 4);
  let j = 0;
  for (; j < n4; j += 4) {
    dst[d + j] = src[s + j];
    dst[d + j + 1] = src[s + j + 1];
    dst[d + j + 2] = src[s + j + 2];
    dst[d + j + 3] = src[s + j + 3];
  }
  for (; j < n; j++) dst[d + j] = src[s + j];
}

/** dst[d .. d + n) += src[s .. s + n). */
function addRow(src: F, s: number, dst: F, d: number, n: number): void {
  const n4 = n - (n % 4);
  let j = 0;
  for (; j < n4; j += 4) {
    dst[d + j] += src[s + j];
    dst[d + j + 1] += src[s + j + 1];
    dst[d + j + 2] += src[s + j + 2];
    dst[d + j + 3] += src[s + j + 3];
  }
  for (; j < n; j++) dst[d + j] += src[s + j];
}
