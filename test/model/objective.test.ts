import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bceWithLogit } from '../../src/model/kernels.ts';
import { Objective } from '../../src/model/objective.ts';

/** float64 sums compared with sums in another order. */
const SUM_TOL = 1e-12;

test('Objective.evaluate() is the weighted mean of λ-weighted task BCEs', () => {
  const obj = new Objective(2, false, { lambda: 0.5 }, 'float64');
  const z = Float64Array.from([0.2, -1, 1.5, 0.3]);
  const y = Float32Array.from([1, 0, 0, 1]);
  const w = Float32Array.from([2, 0.5]);
  const d = new Float64Array(4);
  const { total } = obj.evaluate(z, y, w, 2, 0, d);
  const want =
    (2 * (bceWithLogit(0.2, 1) + 0.5 * bceWithLogit(-1, 0)) +
      0.5 * (bceWithLogit(1.5, 0) + 0.5 * bceWithLogit(0.3, 1))) /
    2;
  assert.ok(Math.abs(total - want) < SUM_TOL);
});

test('Objective.evaluate() with sample weight 2 equals the row duplicated', () => {
  const obj = new Objective(1, false, {}, 'float64');
  const d1 = new Float64Array(2);
  const d2 = new Float64Array(3);
  const a = obj.evaluate(
    Float64Array.from([0.7, -0.2]),
    Float32Array.from([1, 0]),
    Float32Array.from([2, 1]),
    2,
    0,
    d1,
  );
  const b = obj.evaluate(
    Float64Array.from([0.7, 0.7, -0.2]),
    Float32Array.from([1, 1, 0]),
    Float32Array.from([1, 1, 1]),
    3,
    0,
    d2,
  );
  assert.ok(Math.abs(a.total * 2 - b.total * 3) < SUM_TOL);
  assert.ok(Math.abs(d1[0] * 2 - (d2[0] + d2[1]) * 3) < SUM_TOL);
});

test('truncated loss drops the largest-loss positives at a linearly growing rate', () => {
  const obj = new Objective(
    1,
    false,
    { truncation: { maxRate: 0.5, steps: 10 } },
    'float64',
  );
  assert.equal(obj.dropRate(0), 0);
  assert.equal(obj.dropRate(5), 0.25);
  assert.equal(obj.dropRate(50), 0.5);
  const z = Float64Array.from([-3, -1, 2, 0.5, -2, 4]);
  const y = Float32Array.from([1, 1, 1, 1, 0, 0]);
  const w = new Float32Array(6).fill(1);
  const d = new Float64Array(6);
  obj.evaluate(z, y, w, 6, 10, d);
  assert.equal(d[0], 0, 'the worst positive is dropped');
  assert.equal(d[1], 0, 'the second worst positive is dropped');
  assert.notEqual(d[2], 0);
  assert.notEqual(d[3], 0);
  assert.notEqual(d[5], 0, 'negatives are never dropped');
});

test('Objective rejects task weights of the wrong length', () => {
  assert.throws(
    () => new Objective(3, false, { taskWeights: [1, 2] }),
    /expected 3/,
  );
});
