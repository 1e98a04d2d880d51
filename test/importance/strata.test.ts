import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  labelStrata,
  rankWithinStrata,
  taskStrata,
} from '../../src/importance/strata.ts';
import { Rng } from '../../src/util/rng.ts';
import { near } from './fixtures.ts';

test('labelStrata() codes labels as bits and sampled rows apart', () => {
  const labels = Float32Array.from([0, 0, 1, 0, 1, 1, 0, 0]);
  const sampled = Uint8Array.from([0, 0, 0, 1]);
  assert.deepEqual([...labelStrata(labels, 2, sampled)], [0, 1, 3, 4]);
  assert.deepEqual([...taskStrata(labels, 2, 1, sampled)], [0, 0, 1, 2]);
});

test('rankWithinStrata() ranks each stratum on its own in [0, 1]', () => {
  const values = [5, 1, 100, 3, -7, 3];
  const strata = Int32Array.from([0, 0, 1, 0, 1, 2]);
  const r = rankWithinStrata(values, strata);
  assert.deepEqual([...r], [1, 0, 1, 0.5, 0, 0.5]);
});

test('rankWithinStrata() gives ties their average and NaN 0.5', () => {
  const values = [2, 2, 1, NaN, 3];
  const r = rankWithinStrata(values, new Int32Array(5));
  assert.deepEqual([...r], [0.5, 0.5, 0, 0.5, 1]);
});

/** Quadratic reference: (#below + (#equal − 1) / 2) / (n_s − 1). */
function naiveRanks(values: number[], strata: Int32Array): number[] {
  return values.map((v, i) => {
    if (Number.isNaN(v)) return 0.5;
    const mine = values.filter(
      (w, j) => strata[j] === strata[i] && !Number.isNaN(w),
    );
    if (mine.length === 1) return 0.5;
    const f = Math.fround(v);
    const below = mine.filter((w) => Math.fround(w) < f).length;
    const equal = mine.filter((w) => Math.fround(w) === f).length;
    return (below + (equal - 1) / 2) / (mine.length - 1);
  });
}

test('rankWithinStrata() matches a quadratic reference on messy input', () => {
  const rng = new Rng(5);
  const pool = [0, -0, 1e-30, -1e-30, 3.5, -2, Infinity, -Infinity, NaN];
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + rng.int(300);
    const values = Array.from({ length: n }, () =>
      rng.next() < 0.4 ? pool[rng.int(pool.length)] : rng.normal() * 1e3,
    );
    const strata = Int32Array.from({ length: n }, () => rng.int(7) * 3 - 4);
    const got = rankWithinStrata(Float32Array.from(values), strata);
    const want = naiveRanks(values, strata);
    for (let i = 0; i < n; i++) near(got[i], want[i], 1e-6);
    const fromF64 = rankWithinStrata(values, strata);
    assert.deepEqual(fromF64, got);
  }
});
