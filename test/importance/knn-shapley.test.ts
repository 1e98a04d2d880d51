import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knnShapley } from '../../src/importance/knn-shapley.ts';
import { Rng } from '../../src/util/rng.ts';
import { labelled, near } from './fixtures.ts';

const TOL = 1e-6;

/** All permutations of [0, n). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let i = 0; i <= p.length; i++) {
      out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
    }
  }
  return out;
}

/** U(S): accuracy of the K-NN vote of S for one validation point. */
function utility(S: number[], dist: number[], match: number[], k: number) {
  const sorted = [...S].sort((a, b) => dist[a] - dist[b]);
  let u = 0;
  for (let j = 0; j < Math.min(k, sorted.length); j++) u += match[sorted[j]];
  return u / k;
}

/** Shapley values by averaging marginal gains over every permutation. */
function bruteShapley(dist: number[], match: number[], k: number): number[] {
  const n = dist.length;
  const phi = new Array(n).fill(0);
  const perms = permutations(n);
  for (const p of perms) {
    const S: number[] = [];
    for (const i of p) {
      const before = utility(S, dist, match, k);
      S.push(i);
      phi[i] += (utility(S, dist, match, k) - before) / perms.length;
    }
  }
  return phi;
}

test('knnShapley() equals permutation-enumerated Shapley values', () => {
  const rng = new Rng(11);
  const n = 6;
  // Train points at distinct positions on a line, valid points elsewhere.
  const trainX = [0.1, 0.9, 1.7, 2.2, 3.5, 4.1];
  const trainY = trainX.map(() => [rng.int(2), rng.int(2)]);
  const validX = [0.45, 2.05];
  const validY = [
    [1, 0],
    [0, 1],
  ];
  for (const k of [1, 2, 3]) {
    const s = knnShapley(
      { vectors: Float32Array.from(trainX), labels: labelled(trainY) },
      { vectors: Float32Array.from(validX), labels: labelled(validY) },
      1,
      [1, 0.5],
      { k, candidates: n },
    );
    const want = new Array(n).fill(0);
    for (let t = 0; t < 2; t++) {
      const perTask = new Array(n).fill(0);
      validX.forEach((x, v) => {
        const dist = trainX.map((tx) => Math.abs(tx - x));
        const match = trainY.map((y) => (y[t] === validY[v][t] ? 1 : 0));
        const phi = bruteShapley(dist, match, k);
        phi.forEach((p, i) => (perTask[i] += p));
      });
      perTask.forEach((p, i) => {
        near(s.perTask[i * 2 + t], p, TOL);
        want[i] += (t === 0 ? 1 : 0.5) * p;
      });
    }
    want.forEach((x, i) => near(s.combined[i], x, TOL));
  }
});

test('knnShapley() values sum to the full-set utility per point', () => {
  // Efficiency: Σ_i s_i = U(all) = accuracy of the K nearest.
  const trainX = [0, 1, 2, 3, 4];
  const y = [[1], [0], [1], [1], [0]];
  const s = knnShapley(
    { vectors: Float32Array.from(trainX), labels: labelled(y) },
    { vectors: Float32Array.from([0.2]), labels: labelled([[1]]) },
    1,
    [1],
    { k: 3, candidates: 5 },
  );
  near(
    s.perTask.reduce((a, b) => a + b, 0),
    2 / 3,
    TOL,
  );
  assert.ok(s.perTask[0] > 0 && s.perTask[1] < 0);
});

test('knnShapley() rejects fewer candidates than K', () => {
  const split = { vectors: Float32Array.from([0]), labels: labelled([[1]]) };
  assert.throws(
    () => knnShapley(split, split, 1, [1], { k: 3, candidates: 2 }),
    /at least K/,
  );
});
