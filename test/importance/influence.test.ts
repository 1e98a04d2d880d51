import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tracIn } from '../../src/importance/influence.ts';
import type {
  LastLayerView,
  TracInCheckpoint,
} from '../../src/importance/influence.ts';
import { Rng } from '../../src/util/rng.ts';
import { labelled, near } from './fixtures.ts';

const TOL = 1e-5;

function view(rng: Rng, rows: number, tasks: number, dim: number) {
  return {
    probs: new Float32Array(rows * tasks).map(() => rng.next()),
    towerInputs: new Float32Array(rows * tasks * dim).map(() => rng.normal()),
    towerInputDim: dim,
  };
}

/** The explicit last-layer gradient (p − y)·[a; 1] of one cell. */
function grad(v: LastLayerView, y: Float32Array, i: number): number[] {
  const d = v.towerInputDim;
  const err = v.probs[i] - y[i];
  const a = Array.from(v.towerInputs.subarray(i * d, (i + 1) * d));
  return [...a, 1].map((x) => err * x);
}

test('tracIn() equals Σ_c η_c Σ_v g(z)·g(v) / V by explicit dots', () => {
  const rng = new Rng(5);
  const T = 2;
  const D = 3;
  const train = labelled([
    [1, 0],
    [0, 0],
    [1, 1],
  ]);
  const valid = labelled([
    [0, 1],
    [1, 1],
  ]);
  const cps: TracInCheckpoint[] = [0.1, 0.05].map((lr) => ({
    learningRate: lr,
    train: view(rng, 3, T, D),
    valid: view(rng, 2, T, D),
  }));
  const w = [1, 0.5];
  const s = tracIn(train, valid, cps, w);
  for (let r = 0; r < 3; r++) {
    let combined = 0;
    for (let t = 0; t < T; t++) {
      let want = 0;
      for (const c of cps) {
        const gz = grad(c.train, train.labels, r * T + t);
        for (let v = 0; v < 2; v++) {
          const gv = grad(c.valid, valid.labels, v * T + t);
          const dot = gz.reduce((acc, x, k) => acc + x * gv[k], 0);
          want += (c.learningRate * dot) / 2;
        }
      }
      near(s.perTask[r * T + t], want, TOL);
      combined += w[t] * w[t] * want;
    }
    near(s.combined[r], combined, TOL);
  }
});

test('tracIn() is positive for a copy of the validation point', () => {
  const v = {
    probs: Float32Array.from([0.2]),
    towerInputs: Float32Array.from([1, 2]),
    towerInputDim: 2,
  };
  const s = tracIn(
    labelled([[1]]),
    labelled([[1]]),
    [{ learningRate: 1, train: v, valid: v }],
    [1],
  );
  near(s.perTask[0], 0.64 * 6, TOL);
  const flipped = tracIn(
    labelled([[0]]),
    labelled([[1]]),
    [{ learningRate: 1, train: v, valid: v }],
    [1],
  );
  assert.ok(flipped.perTask[0] < 0, 'a flipped copy hurts');
});

test('tracIn() refuses no checkpoints and a bad learning rate', () => {
  const l = labelled([[1]]);
  assert.throws(() => tracIn(l, l, [], [1]), /at least one saved/);
  const v = {
    probs: Float32Array.from([0.2]),
    towerInputs: Float32Array.from([1]),
    towerInputDim: 1,
  };
  assert.throws(
    () => tracIn(l, l, [{ learningRate: 0, train: v, valid: v }], [1]),
    /learning rate > 0/,
  );
});
