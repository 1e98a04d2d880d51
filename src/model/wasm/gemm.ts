/**
 * The float32 matrix products on the WebAssembly SIMD kernel. Operands are
 * copied into the module's memory (padded to the kernel's 4-row, 8-column
 * granularity; B transposed where the product needs it, while a
 * transposed A is read in place through its strides), multiplied, and the
 * result copied out. The copies are O(size) against O(m·k·n) arithmetic.
 */
import { gemmModuleBytes } from './gemm-module.ts';
import { GemmPool } from './pool.ts';

export type Layout = 'AB' | 'ABt' | 'AtB';

/** Applied to the finished product: + bias by rows, then ReLU if set. */
export interface Epilogue {
  bias: Float32Array;
  relu: boolean;
}

let pool: GemmPool | null | undefined;

/** The kernel's thread pool, or null where WebAssembly SIMD is missing. */
function load(): GemmPool | null {
  if (pool !== undefined) return pool;
  try {
    pool = WebAssembly.validate(gemmModuleBytes()) ? new GemmPool() : null;
  } catch {
    pool = null;
  }
  return pool;
}

/** True when the SIMD kernel can run here. */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/**
 * Threads that share each float32 product (the calling thread included);
 * 1 by default. Results are identical for any number of threads.
 */
export function setGemmThreads(threads: number): void {
  load()?.setThreads(Math.max(1, Math.floor(threads)));
}

const PAGE = 65536;

/**
 * Rows of B per kernel call: a 8-column strip of K_BLOCK rows stays in the
 * L1 cache while a column of tiles is computed.
 */
export const K_BLOCK = 256;

function view(k: GemmPool, floats: number): Float32Array {
  const need = floats * 4;
  const have = k.memory.buffer.byteLength;
  if (have < need) k.memory.grow(Math.ceil((need - have) / PAGE));
  return new Float32Array(k.memory.buffer);
}

const up = (x: number, to: number) => Math.ceil(x / to) * to;

/**
 * C (m x n) = op(A) · op(B), or C += when `accumulate`. Layouts as in
 * kernels.ts: 'AB' A m x k, B k x n; 'ABt' B stored n x k; 'AtB' A stored
 * k x m.
 */
export function wasmMatmul(
  layout: Layout,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
  epilogue?: Epilogue,
): void {
  const kern = load() as GemmPool;
  const m4 = up(m, 4);
  const n8 = up(n, 8);
  const aOff = 0;
  const bOff = up(m4 * k, 4);
  const cOff = bOff + up(k * n8, 4);
  const biasOff = cOff + m4 * n8;
  const f = view(kern, biasOff + n8);
  if (epilogue) {
    f.set(epilogue.bias.subarray(0, n), biasOff);
    f.fill(0, biasOff + n, biasOff + n8);
  }
  // A's element (i, p) sits at aOff + i * arow + p * astep (in floats).
  const atb = layout === 'AtB';
  if (atb) copyRows(A, k, m, f, aOff, m4);
  else {
    f.set(A.subarray(0, m * k), aOff);
    f.fill(0, aOff + m * k, aOff + m4 * k);
  }
  const arow = atb ? 1 : k;
  const astep = atb ? m4 : 1;
  if (layout === 'ABt') transposeInto(B, n, k, f, bOff, n8);
  else copyRows(B, k, n, f, bOff, n8);
  for (let kb = 0; kb < k; kb += K_BLOCK) {
    const kc = Math.min(K_BLOCK, k - kb);
    const a = (aOff + kb * astep) * 4;
    const b = (bOff + kb * n8) * 4;
    const last = kb + kc >= k && epilogue;
    const bias = last ? biasOff * 4 : 0;
    const relu = last && epilogue.relu ? 1 : 0;
    const acc = kb > 0 ? 1 : 0;
    kern.run(a, b, cOff * 4, m4, kc, n8, arow * 4, astep * 4, acc, bias, relu);
  }
  copyOut(f, cOff, n8, C, m, n, accumulate);
}

/** dst[off + j * width + i] = src[i * cols + j], zero-padding columns. */
function transposeInto(
  src: Float32Array,
  rows: number,
  cols: number,
  dst: Float32Array,
  off: number,
  width: number,
): void {
  const BLOCK = 16;
  if (width > rows) {
    for (let j = 0; j < cols; j++) {
      dst.fill(0, off + j * width + rows, off + (j + 1) * width);
    }
  }
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const i1 = Math.min(rows, i0 + BLOCK);
    for (let j0 = 0; j0 < cols; j0 += BLOCK) {
      const j1 = Math.min(cols, j0 + BLOCK);
      for (let i = i0; i < i1; i++) {
        const s = i * cols;
        for (let j = j0; j < j1; j++) dst[off + j * width + i] = src[s + j];
      }
    }
  }
}

function copyRows(
  src: Float32Array,
  rows: number,
  cols: number,
  dst: Float32Array,
  off: number,
  width: number,
): void {
  if (width === cols) {
    dst.set(src.subarray(0, rows * cols), off);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = off + r * width;
    dst.set(src.subarray(r * cols, (r + 1) * cols), o);
    dst.fill(0, o + cols, o + width);
  }
}

function copyOut(
  f: Float32Array,
  off: number,
  width: number,
  C: Float32Array,
  m: number,
  n: number,
  accumulate: boolean,
): void {
  if (!accumulate && width === n) {
    C.set(f.subarray(off, off + m * n));
    return;
  }
  for (let r = 0; r < m; r++) {
    const s = off + r * width;
    const o = r * n;
    if (accumulate) for (let j = 0; j < n; j++) C[o + j] += f[s + j];
    else C.set(f.subarray(s, s + n), o);
  }
}
