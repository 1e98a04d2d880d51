import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Optimizer } from '../../src/model/optimizers.ts';
import type { Param } from '../../src/model/tensor.ts';

/** float64 optimizer steps against a textbook transcription. */
const STEP_TOL = 1e-12;

function dense(values: number[]): Param {
  return {
    name: 'w',
    shape: [values.length],
    value: Float64Array.from(values),
    grad: new Float64Array(values.length),
  };
}

test('Optimizer.update() follows textbook Adam with bias correction', () => {
  const p = dense([0.5, -1]);
  const opt = new Optimizer([p], { lr: 0.1 });
  let m = [0, 0];
  let v = [0, 0];
  const w = [0.5, -1];
  for (let t = 1; t <= 3; t++) {
    const g = [w[0] * 2, 0.3 * t];
    p.grad.set(g);
    opt.update();
    m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
    v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
    for (let i = 0; i < 2; i++) {
      const mh = m[i] / (1 - 0.9 ** t);
      const vh = v[i] / (1 - 0.999 ** t);
      w[i] -= (0.1 * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  assert.ok(Math.abs(p.value[0] - w[0]) < STEP_TOL);
  assert.ok(Math.abs(p.value[1] - w[1]) < STEP_TOL);
});

function table(): Param {
  const value = Float64Array.from({ length: 8 }, (_, i) => i);
  return {
    name: 'table',
    shape: [4, 2],
    value,
    grad: new Float64Array(0),
    sparse: {
      width: 2,
      rows: Int32Array.from([2]),
      count: 1,
      grad: Float64Array.from([0.5, -0.5]),
    },
  };
}

for (const sparse of ['adam', 'adagrad'] as const) {
  test(`sparse ${sparse} updates only the rows the batch touched`, () => {
    const p = table();
    new Optimizer([p], { sparse }).update();
    assert.deepEqual(Array.from(p.value.subarray(0, 4)), [0, 1, 2, 3]);
    assert.deepEqual(Array.from(p.value.subarray(6)), [6, 7]);
    assert.ok(p.value[4] < 4 && p.value[5] > 5);
  });
}

test('lazy Adam on a touched row equals dense Adam on that row', () => {
  const p = table();
  const q = dense([4, 5]);
  const a = new Optimizer([p], { lr: 0.01 });
  const b = new Optimizer([q], { lr: 0.01 });
  for (let t = 0; t < 3; t++) {
    q.grad.set([0.5, -0.5]);
    a.update();
    b.update();
  }
  assert.ok(Math.abs(p.value[4] - q.value[0]) < STEP_TOL);
  assert.ok(Math.abs(p.value[5] - q.value[1]) < STEP_TOL);
});

test('lazy Adam resumes from its own state and from separate moments', () => {
  // Two rows touched in turn, so moments differ from row to row.
  const touch = (p: Param, row: number, g: number[]) => {
    p.sparse!.rows[0] = row;
    p.sparse!.grad.set(g);
  };
  const steps: [number, number[]][] = [
    [2, [0.5, -0.5]],
    [1, [0.2, 0.1]],
    [2, [-0.3, 0.4]],
    [3, [0.1, 0.1]],
  ];
  const straight = table();
  const a = new Optimizer([straight], { lr: 0.01 });
  for (const [row, g] of steps) {
    touch(straight, row, g);
    a.update();
  }
  const half = table();
  const b = new Optimizer([half], { lr: 0.01 });
  for (const [row, g] of steps.slice(0, 2)) {
    touch(half, row, g);
    b.update();
  }
  const saved = b.state();
  // The same state with each table's moments as two arrays (m, then v),
  // as checkpoints of earlier versions hold them.
  const mv = saved.moments[0][0];
  const d = 2;
  const m = new Float64Array(mv.length / 2);
  const v = new Float64Array(mv.length / 2);
  for (let r = 0; r < m.length / d; r++) {
    for (let j = 0; j < d; j++) {
      m[r * d + j] = mv[2 * r * d + j];
      v[r * d + j] = mv[2 * r * d + d + j];
    }
  }
  for (const state of [saved, { step: saved.step, moments: [[m, v]] }]) {
    const resumed = table();
    resumed.value.set(half.value);
    const c = new Optimizer([resumed], { lr: 0.01 });
    c.restore(state);
    for (const [row, g] of steps.slice(2)) {
      touch(resumed, row, g);
      c.update();
    }
    for (let i = 0; i < 8; i++) {
      assert.ok(Math.abs(resumed.value[i] - straight.value[i]) < STEP_TOL);
    }
  }
});
