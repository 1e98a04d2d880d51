import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fullData,
  negativeDownsampling,
  stratifiedRandom,
  uniformRandom,
} from '../../src/strategies/baselines.ts';
import { rate, synthetic } from './fixtures.ts';

const RATE_TOL = 2e-3;

test('negativeDownsampling() keeps all positives; negatives weigh 1/rate', () => {
  const input = synthetic(5000);
  const sel = negativeDownsampling(input, { keep: 0.5, seed: 1 });
  const n = 5000;
  const pos = [...Array(n).keys()].filter((r) => input.labels[r * 2] > 0);
  const kept = new Set(sel.keep);
  assert.ok(pos.every((r) => kept.has(r)));
  assert.equal(sel.keep.length, 2500);
  const negKept = 2500 - pos.length;
  const r = negKept / (n - pos.length);
  sel.keep.forEach((row, i) => {
    const expected = input.labels[row * 2] > 0 ? 1 : 1 / r;
    assert.ok(Math.abs(sel.weights[i] - expected) < 1e-5 * expected);
  });
  // The weighted click rate is the full one (exact up to float32 weights).
  assert.ok(Math.abs(sel.record.positiveRate.after[0] - rate(input, 0)) < 1e-5);
});

test('stratifiedRandom() keeps every positive rate, weight 1', () => {
  const input = synthetic(5000);
  const sel = stratifiedRandom(input, { keep: 0.1, seed: 2 });
  assert.equal(sel.keep.length, 500);
  for (let t = 0; t < 2; t++) {
    const after = sel.record.positiveRate.after[t];
    assert.ok(Math.abs(after - rate(input, t)) < RATE_TOL);
  }
});

test('uniformRandom() and fullData() keep round(keep·n) and all rows', () => {
  const input = synthetic(999);
  assert.equal(uniformRandom(input, { keep: 0.5 }).keep.length, 500);
  const all = fullData(input);
  assert.equal(all.keep.length, 999);
  assert.ok(all.weights.every((w) => w === 1));
  const a = uniformRandom(input, { keep: 0.3, seed: 4 }).keep;
  assert.ok(a.every((v, i) => i === 0 || a[i - 1] < v));
});

test('negativeDownsampling() counts deeper tasks only when clicks overflow', () => {
  const input = synthetic(5000);
  // Click rate ~0.3 exceeds a 0.2 budget: only purchases are kept whole.
  const sel = negativeDownsampling(input, { keep: 0.2, seed: 1 });
  assert.equal(sel.keep.length, 1000);
  assert.equal(sel.record.params.fromTask, 1);
  const purchases = sel.record.strata.find((s) => s.code === 3)!;
  assert.equal(purchases.kept, purchases.rows);
  // Weighted rates stay those of the full data up to sampling noise.
  assert.ok(Math.abs(sel.record.positiveRate.after[1] - rate(input, 1)) < 1e-5);
});
