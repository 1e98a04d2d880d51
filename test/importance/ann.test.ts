import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAnnIndex, nearestNeighbours } from '../../src/importance/ann.ts';
import { Rng } from '../../src/util/rng.ts';

function randomVectors(n: number, dim: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return new Float32Array(n * dim).map(() => rng.normal());
}

/** Exact k nearest by sorting every distance. */
function bruteForce(
  base: Float32Array,
  q: Float32Array,
  dim: number,
  k: number,
): number[] {
  const n = base.length / dim;
  const d = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (base[i * dim + j] - q[j]) ** 2;
    return [s, i];
  });
  d.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return d.slice(0, k).map((x) => x[1]);
}

test('nearestNeighbours() below exactBelow matches brute force', () => {
  const dim = 4;
  const base = randomVectors(200, dim, 1);
  const queries = randomVectors(20, dim, 2);
  const nb = nearestNeighbours(base, queries, dim, 5);
  for (let q = 0; q < 20; q++) {
    const want = bruteForce(base, queries.subarray(q * dim), dim, 5);
    assert.deepEqual([...nb.index.subarray(q * 5, q * 5 + 5)], want);
  }
});

test('nearestNeighbours() through the HNSW graph finds most true ones', () => {
  const dim = 8;
  const base = randomVectors(3000, dim, 3);
  const queries = randomVectors(50, dim, 4);
  const nb = nearestNeighbours(base, queries, dim, 10, { exactBelow: 0 });
  let hits = 0;
  for (let q = 0; q < 50; q++) {
    const want = new Set(bruteForce(base, queries.subarray(q * dim), dim, 10));
    for (let j = 0; j < 10; j++) if (want.has(nb.index[q * 10 + j])) hits++;
  }
  assert.ok(hits / 500 >= 0.9, `recall ${hits / 500}`);
});

test('nearestNeighbours() with excludeSelf drops the row itself', () => {
  const base = Float32Array.from([0, 0, 1, 0, 3, 0]);
  const nb = nearestNeighbours(base, base, 2, 2, { excludeSelf: true });
  assert.deepEqual([...nb.index], [1, 2, 0, 2, 1, 0]);
  assert.deepEqual([...nb.distance], [1, 9, 1, 4, 4, 9]);
});

test('nearestNeighbours() pads with -1 when the base is too small', () => {
  const base = Float32Array.from([0, 1]);
  const nb = nearestNeighbours(base, base, 1, 3, { excludeSelf: true });
  assert.deepEqual([...nb.index], [1, -1, -1, 0, -1, -1]);
});

test('nearestNeighbours() gives the same graph results twice', () => {
  const base = randomVectors(5000, 6, 5);
  const a = nearestNeighbours(base, base, 6, 5, { exactBelow: 0 });
  const b = nearestNeighbours(base, base, 6, 5, { exactBelow: 0 });
  assert.deepEqual(a.index, b.index);
});

test('nearestNeighbours() via a prebuilt index gives the same lists', () => {
  const base = randomVectors(5000, 6, 6);
  const queries = randomVectors(40, 6, 7);
  const index = buildAnnIndex(base, 6, { exactBelow: 0 });
  const a = nearestNeighbours(base, queries, 6, 4, { index });
  const b = nearestNeighbours(base, queries, 6, 4, { exactBelow: 0 });
  assert.deepEqual(a.index, b.index);
  assert.equal(index.rows, 5000);
});

/**
 * Clustered rows of intrinsic dimension `rank` in `dim` dimensions, with a
 * little isotropic noise: what a network's representations look like.
 */
function clustered(n: number, dim: number, rank: number, seed: number) {
  const rng = new Rng(seed);
  const basis = Array.from({ length: rank * dim }, () => rng.normal());
  const centres = Array.from({ length: 20 * rank }, () => 3 * rng.normal());
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const c = rng.int(20) * rank;
    const z = Array.from(
      { length: rank },
      (_, k) => centres[c + k] + rng.normal(),
    );
    for (let j = 0; j < dim; j++) {
      let s = 0.05 * rng.normal();
      for (let k = 0; k < rank; k++) s += z[k] * basis[k * dim + j];
      out[r * dim + j] = s;
    }
  }
  return out;
}

test('nearestNeighbours() over a PCA-reduced graph keeps recall >= 0.95 and exact distances', () => {
  const dim = 64;
  const base = clustered(6000, dim, 6, 8);
  const queries = clustered(100, dim, 6, 8).map(
    (v, i) => v + 0.01 * Math.sin(i),
  );
  const index = buildAnnIndex(base, dim, { exactBelow: 0, reduceTo: 8 });
  assert.equal(index.searchDim, 8);
  assert.ok(index.varianceKept > 0.99, `${index.varianceKept}`);
  const k = 10;
  const nb = nearestNeighbours(base, queries, dim, k, { index });
  let hits = 0;
  for (let q = 0; q < 100; q++) {
    const qv = queries.subarray(q * dim, (q + 1) * dim);
    const want = new Set(bruteForce(base, qv, dim, k));
    for (let j = 0; j < k; j++) {
      const r = nb.index[q * k + j];
      if (want.has(r)) hits++;
      let d = 0;
      for (let h = 0; h < dim; h++) d += (base[r * dim + h] - qv[h]) ** 2;
      assert.ok(Math.abs(nb.distance[q * k + j] - d) <= 1e-4 * (1 + d));
      if (j > 0)
        assert.ok(nb.distance[q * k + j] >= nb.distance[q * k + j - 1]);
    }
  }
  assert.ok(hits / (100 * k) >= 0.95, `recall ${hits / (100 * k)}`);
});
