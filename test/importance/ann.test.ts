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
