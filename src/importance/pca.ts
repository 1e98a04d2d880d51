/**
 * A principal-component projection of learned representations, so that
 * neighbour graphs can be built and searched in fewer dimensions. The
 * representations of a ReLU network are nearly low-rank: on taobao-hscd the
 * 32 leading components of the 128-d shared layer keep 99.7% of the
 * variance. Deterministic: the sample is a fixed stride of the rows and the
 * eigenvectors come from cyclic Jacobi rotations.
 */
import { UsageError } from '../errors.ts';
import { matmul } from '../model/kernels.ts';

export interface Projection {
  inDim: number;
  outDim: number;
  /** inDim x outDim, columns the leading principal axes (orthonormal). */
  matrix: Float32Array;
  /**
   * Share of the sample's total variance along the kept axes, in [0, 1];
   * 1 = the projection preserves every distance.
   */
  varianceKept: number;
}

/** Rows of the sample the covariance is estimated on. */
export const PCA_SAMPLE = 16384;

/** Rows per projected block (bounds the kernel's scratch memory). */
const BLOCK = 16384;

/**
 * The projection of `data` (rows x dim) onto its `outDim` leading
 * principal axes, estimated on at most `sample` evenly strided rows.
 * O(sample·dim² + dim³); the result maps any vector of the same space.
 */
export function fitProjection(
  data: Float32Array,
  dim: number,
  outDim: number,
  sample = PCA_SAMPLE,
): Projection {
  if (!(Number.isInteger(outDim) && outDim >= 1 && outDim <= dim)) {
    throw new UsageError(
      `a projection of ${dim}-d vectors needs 1 to ${dim} output ` +
        `dimensions, got ${outDim}`,
    );
  }
  const cov = covariance(data, dim, sample);
  const { values, vectors } = symmetricEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  const matrix = new Float32Array(dim * outDim);
  let kept = 0;
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  for (let j = 0; j < outDim; j++) {
    const c = order[j];
    kept += Math.max(values[c], 0);
    for (let i = 0; i < dim; i++) matrix[i * outDim + j] = vectors[i * dim + c];
  }
  return {
    inDim: dim,
    outDim,
    matrix,
    varianceKept: total > 0 ? Math.min(1, kept / total) : 1,
  };
}

/** rows x outDim coordinates of `data` (rows x inDim) along the axes. */
export function project(p: Projection, data: Float32Array): Float32Array {
  const rows = data.length / p.inDim;
  const out = new Float32Array(rows * p.outDim);
  for (let lo = 0; lo < rows; lo += BLOCK) {
    const m = Math.min(BLOCK, rows - lo);
    matmul(
      data.subarray(lo * p.inDim, (lo + m) * p.inDim),
      p.matrix,
      out.subarray(lo * p.outDim, (lo + m) * p.outDim),
      m,
      p.inDim,
      p.outDim,
    );
  }
  return out;
}

/** dim x dim covariance of evenly strided sample rows, in float64. */
function covariance(
  data: Float32Array,
  dim: number,
  sample: number,
): Float64Array {
  const rows = data.length / dim;
  const s = Math.max(1, Math.min(rows, sample));
  const picked = (i: number) => Math.floor((i * rows) / s) * dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < s; i++) {
    const o = picked(i);
    for (let j = 0; j < dim; j++) mean[j] += data[o + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= s;
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (let i = 0; i < s; i++) {
    const o = picked(i);
    for (let j = 0; j < dim; j++) x[j] = data[o + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const xa = x[a];
      if (xa === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) cov[row + b] += xa * x[b];
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      cov[a * dim + b] /= s;
      cov[b * dim + a] = cov[a * dim + b];
    }
  }
  return cov;
}

/**
 * Eigenvalues and eigenvectors of a symmetric n x n matrix by cyclic
 * Jacobi rotations: `vectors` is n x n with eigenvector j in column j.
 * `a` is overwritten. O(n³) per sweep, a handful of sweeps.
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  const tiny = 1e-30 * scale;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    }
    if (off <= tiny || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/** One Jacobi rotation zeroing a[p, q]: a ← Jᵀ·a·J, v ← v·J. */
function rotate(
  a: Float64Array,
  v: Float64Array,
  n: number,
  p: number,
  q: number,
): void {
  const apq = a[p * n + q];
  if (apq === 0) return;
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  const t =
    (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const kp = a[k * n + p];
    const kq = a[k * n + q];
    a[k * n + p] = c * kp - s * kq;
    a[k * n + q] = s * kp + c * kq;
  }
  for (let k = 0; k < n; k++) {
    const pk = a[p * n + k];
    const qk = a[q * n + k];
    a[p * n + k] = c * pk - s * qk;
    a[q * n + k] = s * pk + c * qk;
  }
  for (let k = 0; k < n; k++) {
    const kp = v[k * n + p];
    const kq = v[k * n + q];
    v[k * n + p] = c * kp - s * kq;
    v[k * n + q] = s * kp + c * kq;
  }
}
