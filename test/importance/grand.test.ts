import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grandScores, lastLayerGradNorm } from '../../src/importance/grand.ts';
import { labelled, near } from './fixtures.ts';

test('grandScores() combines per-task norms as sqrt(Σ w_t² g_t²)', () => {
  const s = grandScores(labelled([[1, 0]]), Float32Array.from([3, 4]), [1, 2]);
  near(s.combined[0], Math.sqrt(9 + 4 * 16));
  assert.deepEqual([...s.perTask], [3, 4]);
  assert.throws(
    () => grandScores(labelled([[1, 0]]), Float32Array.from([3, -1]), [1, 1]),
    /need >= 0/,
  );
});

/** BCE of a logistic unit z = v·a + b, in float64. */
function bceOf(v: number[], b: number, a: number[], y: number): number {
  const z = v.reduce((s, vk, k) => s + vk * a[k], b);
  const p = 1 / (1 + Math.exp(-z));
  return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
}

test('lastLayerGradNorm() equals the central-difference gradient norm', () => {
  const a = [0.5, -1.2, 2];
  const v = [0.3, 0.1, -0.4];
  const b = 0.2;
  const y = 1;
  const h = 1e-6;
  const params = [...v, b];
  let sq = 0;
  for (let k = 0; k < params.length; k++) {
    const up = params.slice();
    const down = params.slice();
    up[k] += h;
    down[k] -= h;
    const g =
      (bceOf(up.slice(0, 3), up[3], a, y) -
        bceOf(down.slice(0, 3), down[3], a, y)) /
      (2 * h);
    sq += g * g;
  }
  const z = v.reduce((s, vk, k) => s + vk * a[k], b);
  const p = 1 / (1 + Math.exp(-z));
  const s = lastLayerGradNorm(
    labelled([[y]]),
    Float32Array.from([p]),
    Float32Array.from(a),
    3,
    [1],
  );
  near(s.perTask[0], Math.sqrt(sq), 1e-5);
});

test('lastLayerGradNorm() combines disjoint towers exactly', () => {
  const s = lastLayerGradNorm(
    labelled([[1, 0]]),
    Float32Array.from([0.5, 0.25]),
    Float32Array.from([1, 1, 0, 2]),
    2,
    [1, 0.5],
  );
  const g0 = 0.5 * Math.sqrt(3);
  const g1 = 0.25 * Math.sqrt(5);
  near(s.perTask[0], g0);
  near(s.perTask[1], g1);
  near(s.combined[0], Math.sqrt(g0 ** 2 + 0.25 * g1 ** 2));
});
