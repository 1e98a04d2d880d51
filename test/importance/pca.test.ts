import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitProjection,
  project,
  symmetricEigen,
} from '../../src/importance/pca.ts';
import { Rng } from '../../src/util/rng.ts';

/** Eigen-decomposition residuals of float64 arithmetic. */
const EIGEN_TOL = 1e-9;
/** float32 products against float64 sums. */
const F32_TOL = 1e-4;

test('symmetricEigen() returns orthonormal vectors with A·v = λ·v', () => {
  const n = 9;
  const rng = new Rng(1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  }
  const copy = a.slice();
  const { values, vectors } = symmetricEigen(a, n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += copy[i * n + k] * vectors[k * n + c];
      assert.ok(Math.abs(av - values[c] * vectors[i * n + c]) < EIGEN_TOL);
    }
    for (let d = 0; d < n; d++) {
      let dot = 0;
      for (let k = 0; k < n; k++)
        dot += vectors[k * n + c] * vectors[k * n + d];
      assert.ok(Math.abs(dot - (c === d ? 1 : 0)) < EIGEN_TOL);
    }
  }
});

/** Rows in a `rank`-dimensional subspace of `dim` dimensions. */
function lowRank(rows: number, dim: number, rank: number, seed: number) {
  const rng = new Rng(seed);
  const basis = Array.from({ length: rank * dim }, () => rng.normal());
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const c = Array.from({ length: rank }, () => rng.normal());
    for (let j = 0; j < dim; j++) {
      let s = 1;
      for (let k = 0; k < rank; k++) s += c[k] * basis[k * dim + j];
      out[r * dim + j] = s;
    }
  }
  return out;
}

test('fitProjection() of rank-3 data keeps all variance and distances', () => {
  const dim = 12;
  const data = lowRank(500, dim, 3, 2);
  const p = fitProjection(data, dim, 3);
  assert.ok(p.varianceKept > 1 - F32_TOL, `${p.varianceKept}`);
  const y = project(p, data);
  for (const [a, b] of [
    [0, 1],
    [7, 300],
    [42, 499],
  ]) {
    let full = 0;
    let low = 0;
    for (let j = 0; j < dim; j++)
      full += (data[a * dim + j] - data[b * dim + j]) ** 2;
    for (let j = 0; j < 3; j++) low += (y[a * 3 + j] - y[b * 3 + j]) ** 2;
    assert.ok(Math.abs(full - low) <= F32_TOL * (1 + full), `${full} ${low}`);
  }
});

test('fitProjection() keeps less variance with fewer axes than the rank', () => {
  const data = lowRank(400, 10, 4, 3);
  const two = fitProjection(data, 10, 2).varianceKept;
  const four = fitProjection(data, 10, 4).varianceKept;
  assert.ok(two < four && two > 0, `${two} ${four}`);
});

test('fitProjection() rejects more output dimensions than input ones', () => {
  assert.throws(() => fitProjection(new Float32Array(8), 4, 5), /1 to 4/);
});
