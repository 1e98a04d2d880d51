/**
 * The arithmetic of the model, kept apart from the layers so that a faster
 * backend can replace it. Every matrix is a row-major `Vec`; nothing here
 * allocates.
 */
import { rowPool } from './rows/pool.ts';
import type { Vec } from './tensor.ts';
import {
  setGemmThreads,
  wasmAvailable,
  wasmMatmul,
  type Layout,
} from './wasm/gemm.ts';

export type KernelBackend = 'js' | 'wasm';

/**
 * Products smaller than this many multiply-adds stay in JavaScript, where
 * the copies into WebAssembly memory would cost more than they save.
 */
export const WASM_MIN_WORK = 4096;

let backend: KernelBackend = wasmAvailable() ? 'wasm' : 'js';

/**
 * Chooses where float32 matrix products run: 'wasm' (SIMD, the default
 * where available) or 'js'. float64 products always run in JavaScript.
 */
export function setKernelBackend(b: KernelBackend): void {
  backend = b === 'wasm' && wasmAvailable() ? 'wasm' : 'js';
}

/**
 * Threads (the calling one included) that share each float32 product on
 * the WebAssembly backend, and the row-sparse work of training (embedding
 * lookups and their gradient, the tables' optimizer step); results are
 * identical for any count.
 */
export function setKernelThreads(threads: number): void {
  setGemmThreads(threads);
  rowPool().setThreads(threads);
}

export function kernelBackend(): KernelBackend {
  return backend;
}

function useWasm(A: Vec, m: number, k: number, n: number): boolean {
  return (
    backend === 'wasm' &&
    A instanceof Float32Array &&
    m * k * n >= WASM_MIN_WORK
  );
}

function dispatch(
  layout: Layout,
  A: Vec,
  B: Vec,
  C: Vec,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): boolean {
  if (!useWasm(A, m, k, n)) return false;
  const f32 = [A, B, C] as Float32Array[];
  wasmMatmul(layout, f32[0], f32[1], f32[2], m, k, n, accumulate);
  return true;
}

/** Where element (i, j) of a matrix lives: `i * rowStride + j * colStride`. */
interface Strides {
  row: number;
  col: number;
}

/**
 * C (m x n) = A · B, or C += A · B when `accumulate`, with A and B addressed
 * through strides so one 4x4 register-tiled loop serves every transpose.
 */
function gemm(
  A: Vec,
  sa: Strides,
  B: Vec,
  sb: Strides,
  C: Vec,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const ar = sa.row;
  const ac = sa.col;
  const br = sb.row;
  const bc = sb.col;
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      tile4x4(A, ar, ac, B, br, bc, C, i, j, k, n, accumulate);
    }
    for (let i2 = i; i2 < i + 4; i2++) {
      for (let j = n4; j < n; j++) {
        cell(A, ar, ac, B, br, bc, C, i2, j, k, n, accumulate);
      }
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) {
      cell(A, ar, ac, B, br, bc, C, i, j, k, n, accumulate);
    }
  }
}

function cell(
  A: Vec,
  ar: number,
  ac: number,
  B: Vec,
  br: number,
  bc: number,
  C: Vec,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  let s = 0;
  let a = i * ar;
  let b = j * bc;
  for (let p = 0; p < k; p++, a += ac, b += br) s += A[a] * B[b];
  const o = i * n + j;
  C[o] = accumulate ? C[o] + s : s;
}

function tile4x4(
  A: Vec,
  ar: number,
  ac: number,
  B: Vec,
  br: number,
  bc: number,
  C: Vec,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let a0 = i * ar;
  let b0 = j * bc;
  const a1 = ar,
    a2 = 2 * ar,
    a3 = 3 * ar;
  const b1 = bc,
    b2 = 2 * bc,
    b3 = 3 * bc;
  for (let p = 0; p < k; p++, a0 += ac, b0 += br) {
    const x0 = A[a0],
      x1 = A[a0 + a1],
      x2 = A[a0 + a2],
      x3 = A[a0 + a3];
    const y0 = B[b0],
      y1 = B[b0 + b1],
      y2 = B[b0 + b2],
      y3 = B[b0 + b3];
    c00 += x0 * y0;
    c01 += x0 * y1;
    c02 += x0 * y2;
    c03 += x0 * y3;
    c10 += x1 * y0;
    c11 += x1 * y1;
    c12 += x1 * y2;
    c13 += x1 * y3;
    c20 += x2 * y0;
    c21 += x2 * y1;
    c22 += x2 * y2;
    c23 += x2 * y3;
    c30 += x3 * y0;
    c31 += x3 * y1;
    c32 += x3 * y2;
    c33 += x3 * y3;
  }
  const o0 = i * n + j,
    o1 = o0 + n,
    o2 = o1 + n,
    o3 = o2 + n;
  if (accumulate) {
    C[o0] += c00;
    C[o0 + 1] += c01;
    C[o0 + 2] += c02;
    C[o0 + 3] += c03;
    C[o1] += c10;
    C[o1 + 1] += c11;
    C[o1 + 2] += c12;
    C[o1 + 3] += c13;
    C[o2] += c20;
    C[o2 + 1] += c21;
    C[o2 + 2] += c22;
    C[o2 + 3] += c23;
    C[o3] += c30;
    C[o3 + 1] += c31;
    C[o3 + 2] += c32;
    C[o3 + 3] += c33;
  } else {
    C[o0] = c00;
    C[o0 + 1] = c01;
    C[o0 + 2] = c02;
    C[o0 + 3] = c03;
    C[o1] = c10;
    C[o1 + 1] = c11;
    C[o1 + 2] = c12;
    C[o1 + 3] = c13;
    C[o2] = c20;
    C[o2 + 1] = c21;
    C[o2 + 2] = c22;
    C[o2 + 3] = c23;
    C[o3] = c30;
    C[o3 + 1] = c31;
    C[o3 + 2] = c32;
    C[o3 + 3] = c33;
  }
}

/** C (m x n) = A (m x k) · B (k x n); adds into C when `accumulate`. */
export function matmul(
  A: Vec,
  B: Vec,
  C: Vec,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (dispatch('AB', A, B, C, m, k, n, accumulate)) return;
  gemm(A, { row: k, col: 1 }, B, { row: n, col: 1 }, C, m, k, n, accumulate);
}

/** C (m x n) = A (m x k) · Bᵀ, with B stored as n x k. */
export function matmulABt(
  A: Vec,
  B: Vec,
  C: Vec,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (dispatch('ABt', A, B, C, m, k, n, accumulate)) return;
  gemm(A, { row: k, col: 1 }, B, { row: 1, col: k }, C, m, k, n, accumulate);
}

/** C (m x n) = Aᵀ · B, with A stored as k x m and B as k x n. */
export function matmulAtB(
  A: Vec,
  B: Vec,
  C: Vec,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (dispatch('AtB', A, B, C, m, k, n, accumulate)) return;
  gemm(A, { row: 1, col: m }, B, { row: n, col: 1 }, C, m, k, n, accumulate);
}

/**
 * Y (rows x out) = X (rows x in) · W (in x out) + bias, then ReLU when
 * `relu`: a Linear layer's forward pass, fused on the WebAssembly backend.
 */
export function linearForward(
  X: Vec,
  W: Vec,
  bias: Vec,
  Y: Vec,
  rows: number,
  inDim: number,
  outDim: number,
  relu: boolean,
): void {
  if (useWasm(X, rows, inDim, outDim)) {
    const [x, w, b, y] = [X, W, bias, Y] as Float32Array[];
    const epilogue = { bias: b, relu };
    wasmMatmul('AB', x, w, y, rows, inDim, outDim, false, epilogue);
    return;
  }
  matmul(X, W, Y, rows, inDim, outDim);
  if (relu) addBiasRelu(Y, bias, rows, outDim);
  else addBias(Y, bias, rows, outDim);
}

/** X = max(X + bias, 0) row by row, in one pass (X rows x n). */
export function addBiasRelu(X: Vec, bias: Vec, rows: number, n: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < n; j++, o++) X[o] = Math.max(X[o] + bias[j], 0);
  }
}

/** Adds `bias` (n) to every row of X (rows x n). */
export function addBias(X: Vec, bias: Vec, rows: number, n: number): void {
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < n; j++, o++) X[o] += bias[j];
  }
}

/** grad (n) = column sums of D (rows x n); adds when `accumulate`. */
export function columnSums(
  D: Vec,
  grad: Vec,
  rows: number,
  n: number,
  accumulate = false,
): void {
  if (!accumulate) grad.fill(0, 0, n);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let j = 0; j < n; j++, o++) grad[j] += D[o];
  }
}

/** Y = max(X, 0) over the first `len` values (Y may be X). */
export function relu(X: Vec, Y: Vec, len: number): void {
  for (let i = 0; i < len; i++) Y[i] = X[i] > 0 ? X[i] : 0;
}

/** dX = dY where the ReLU output Y was positive, else 0 (dX may be dY). */
export function reluBackward(Y: Vec, dY: Vec, dX: Vec, len: number): void {
  for (let i = 0; i < len; i++) dX[i] = Y[i] > 0 ? dY[i] : 0;
}

/** The logistic function, without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(sigmoid(z)), stable for large |z|. */
export function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/**
 * Binary cross-entropy from a logit, fused with the sigmoid:
 * max(z, 0) - z·y + log(1 + e^-|z|). Exact for any z; y in [0, 1].
 */
export function bceWithLogit(z: number, y: number): number {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Row-wise softmax of X (rows x n) into Y (Y may be X). */
export function softmaxRows(X: Vec, Y: Vec, rows: number, n: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (X[o + j] > max) max = X[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(X[o + j] - max);
      Y[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) Y[o + j] /= sum;
  }
}

/**
 * Backward of a row-wise softmax with output G: dZ = G ⊙ (dG - <G, dG>).
 * dZ may be dG.
 */
export function softmaxBackward(
  G: Vec,
  dG: Vec,
  dZ: Vec,
  rows: number,
  n: number,
): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    let dot = 0;
    for (let j = 0; j < n; j++) dot += G[o + j] * dG[o + j];
    for (let j = 0; j < n; j++) dZ[o + j] = G[o + j] * (dG[o + j] - dot);
  }
}

/** Per-row squared Euclidean norms of X (rows x n) into out (rows). */
export function rowSquaredNorms(
  X: Vec,
  out: Float64Array,
  rows: number,
  n: number,
): void {
  // Four running sums: one sum's chain of dependent additions would bound
  // the loop by the adder's latency rather than its throughput.
  const n4 = n - (n % 4);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < n4; j += 4) {
      const a = X[o + j];
      const b = X[o + j + 1];
      const c = X[o + j + 2];
      const d = X[o + j + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; j < n; j++) s0 += X[o + j] * X[o + j];
    out[r] = s0 + s1 + s2 + s3;
  }
}

/**
 * out[r] = Σ_j [Y_rj > 0]·D_rj² over rows x n (the squared norm of the
 * ReLU-masked delta), with the running sums of `rowSquaredNorms`.
 */
export function maskedRowSquaredNorms(
  Y: Vec,
  D: Vec,
  out: Float64Array,
  rows: number,
  n: number,
): void {
  const n4 = n - (n % 4);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < n4; j += 4) {
      const a = Y[o + j] > 0 ? D[o + j] : 0;
      const b = Y[o + j + 1] > 0 ? D[o + j + 1] : 0;
      const c = Y[o + j + 2] > 0 ? D[o + j + 2] : 0;
      const d = Y[o + j + 3] > 0 ? D[o + j + 3] : 0;
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; j < n; j++) {
      const a = Y[o + j] > 0 ? D[o + j] : 0;
      s0 += a * a;
    }
    out[r] = s0 + s1 + s2 + s3;
  }
}

/** dst += src over the first `len` values. */
export function addInto(dst: Vec, src: Vec, len: number): void {
  for (let i = 0; i < len; i++) dst[i] += src[i];
}

/** out = mean of `parts` (each `len` values). */
export function meanOf(parts: Vec[], out: Vec, len: number): void {
  out.fill(0, 0, len);
  for (const p of parts) addInto(out, p, len);
  const k = 1 / parts.length;
  for (let i = 0; i < len; i++) out[i] *= k;
}
