import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  kernelBackend,
  linearForward,
  matmul,
  matmulABt,
  matmulAtB,
  maskedRowSquaredNorms,
  rowSquaredNorms,
  setKernelBackend,
  setKernelThreads,
  softmaxRows,
} from '../../src/model/kernels.ts';
import { wasmAvailable } from '../../src/model/wasm/gemm.ts';
import { Rng } from '../../src/util/rng.ts';

/** float32 products of length-k dot products against float64 sums. */
const F32_RTOL = 1e-5;

function rand(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C[i][j] = Σ_p a(i, p)·b(p, j) in float64. */
function naive(
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      C[i * n + j] = s;
    }
  }
  return C;
}

function assertClose(got: Float32Array, want: Float64Array, k: number): void {
  for (let i = 0; i < want.length; i++) {
    const tol = F32_RTOL * Math.sqrt(k) * (1 + Math.abs(want[i]));
    assert.ok(
      Math.abs(got[i] - want[i]) <= tol,
      `${i}: ${got[i]} vs ${want[i]}`,
    );
  }
}

const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [37, 300, 19],
  [64, 520, 33],
];

for (const backend of ['js', 'wasm'] as const) {
  test(`matmul variants on the ${backend} backend equal float64 sums, odd shapes included`, (t) => {
    if (backend === 'wasm' && !wasmAvailable()) {
      t.skip('WebAssembly SIMD is not available here');
      return;
    }
    const before = kernelBackend();
    setKernelBackend(backend);
    try {
      const rng = new Rng(5);
      for (const [m, k, n] of SHAPES) {
        const A = rand(rng, m * k);
        const B = rand(rng, k * n);
        const C = new Float32Array(m * n);
        matmul(A, B, C, m, k, n);
        assertClose(
          C,
          naive(
            (i, p) => A[i * k + p],
            (p, j) => B[p * n + j],
            m,
            k,
            n,
          ),
          k,
        );
        const Bt = rand(rng, n * k);
        matmulABt(A, Bt, C, m, k, n);
        assertClose(
          C,
          naive(
            (i, p) => A[i * k + p],
            (p, j) => Bt[j * k + p],
            m,
            k,
            n,
          ),
          k,
        );
        const At = rand(rng, k * m);
        const base = rand(rng, m * n);
        const acc = base.slice();
        matmulAtB(At, B, acc, m, k, n, true);
        const want = naive(
          (i, p) => At[p * m + i],
          (p, j) => B[p * n + j],
          m,
          k,
          n,
        );
        for (let i = 0; i < want.length; i++) want[i] += base[i];
        assertClose(acc, want, k);
      }
    } finally {
      setKernelBackend(before);
    }
  });
}

test('softmaxRows() of huge logits stays finite and sums to 1', () => {
  const X = Float64Array.from([1000, 999, -1000, 0, 0, 0]);
  const Y = new Float64Array(6);
  softmaxRows(X, Y, 2, 3);
  assert.ok(Math.abs(Y[0] + Y[1] + Y[2] - 1) < 1e-15);
  assert.ok(Math.abs(Y[3] - 1 / 3) < 1e-15);
});

test('wasm matmul and matmulAtB with 2 threads give the same bytes as with 1', (t) => {
  if (!wasmAvailable()) {
    t.skip('WebAssembly SIMD is not available here');
    return;
  }
  const before = kernelBackend();
  setKernelBackend('wasm');
  try {
    const rng = new Rng(8);
    const [m, k, n] = [300, 530, 70];
    const A = rand(rng, m * k);
    const At = rand(rng, k * m);
    const B = rand(rng, k * n);
    // A as stored, and A read transposed in place (the threads then split
    // its columns rather than its rows).
    const cases = [
      { product: matmul, X: A, a: (i: number, p: number) => A[i * k + p] },
      { product: matmulAtB, X: At, a: (i: number, p: number) => At[p * m + i] },
    ];
    for (const { product, X, a } of cases) {
      const one = new Float32Array(m * n);
      const two = new Float32Array(m * n);
      setKernelThreads(1);
      product(X, B, one, m, k, n);
      setKernelThreads(2);
      product(X, B, two, m, k, n);
      assert.deepEqual(two, one);
      assertClose(
        two,
        naive(a, (p, j) => B[p * n + j], m, k, n),
        k,
      );
    }
  } finally {
    setKernelThreads(1);
    setKernelBackend(before);
  }
});

for (const backend of ['js', 'wasm'] as const) {
  test(`linearForward() on ${backend} adds the bias and clamps at 0, odd shapes included`, (t) => {
    if (backend === 'wasm' && !wasmAvailable()) {
      t.skip('WebAssembly SIMD is not available here');
      return;
    }
    const before = kernelBackend();
    setKernelBackend(backend);
    try {
      const rng = new Rng(6);
      for (const [m, k, n] of [
        [37, 300, 19],
        [64, 520, 33],
        [8, 600, 8],
      ]) {
        const X = rand(rng, m * k);
        const W = rand(rng, k * n);
        const b = rand(rng, n);
        for (const relu of [false, true]) {
          const Y = new Float32Array(m * n);
          linearForward(X, W, b, Y, m, k, n, relu);
          const want = naive(
            (i, p) => X[i * k + p],
            (p, j) => W[p * n + j],
            m,
            k,
            n,
          );
          for (let i = 0; i < want.length; i++) {
            want[i] += b[i % n];
            if (relu) want[i] = Math.max(want[i], 0);
          }
          assertClose(Y, want, k);
        }
      }
    } finally {
      setKernelBackend(before);
    }
  });
}

test('rowSquaredNorms and maskedRowSquaredNorms match naive sums at every width mod 4', () => {
  const rng = new Rng(41);
  for (const n of [1, 3, 4, 7, 8, 13]) {
    const rows = 5;
    const X = Float32Array.from({ length: rows * n }, () => rng.normal());
    const Y = Float32Array.from({ length: rows * n }, () => rng.normal());
    const plain = new Float64Array(rows);
    const masked = new Float64Array(rows);
    rowSquaredNorms(X, plain, rows, n);
    maskedRowSquaredNorms(Y, X, masked, rows, n);
    for (let r = 0; r < rows; r++) {
      let p = 0;
      let m = 0;
      for (let j = 0; j < n; j++) {
        const v = X[r * n + j];
        p += v * v;
        if (Y[r * n + j] > 0) m += v * v;
      }
      assert.ok(Math.abs(plain[r] - p) <= 1e-12 * (1 + p), `n ${n} row ${r}`);
      assert.ok(Math.abs(masked[r] - m) <= 1e-12 * (1 + m), `n ${n} row ${r}`);
    }
    assert.ok(masked.some((v, r) => v < plain[r]));
  }
});
