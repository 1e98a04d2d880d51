import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  inclusionProbabilities,
  resample,
  systematicSample,
} from '../../src/strategies/resample.ts';
import { Rng } from '../../src/util/rng.ts';
import { mean, synthetic } from './fixtures.ts';

test('inclusionProbabilities() sums to k, caps at 1, else ∝ size', () => {
  const size = Float64Array.from([10, 1, 1, 2, 4, 0.5]);
  const p = inclusionProbabilities(size, 3);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 3) < 1e-12);
  assert.equal(p[0], 1);
  // The uncapped rows share 2 in proportion 1:1:2:4:0.5 (sum 8.5).
  assert.ok(Math.abs(p[4] - (2 * 4) / 8.5) < 1e-12);
  assert.ok(Math.abs(p[5] - (2 * 0.5) / 8.5) < 1e-12);
});

test('systematicSample() draws round(Σp) rows, each with probability p', () => {
  const p = Float64Array.from([0.9, 0.1, 0.5, 0.5, 0.25, 0.75]);
  const draws = 20000;
  const hits = new Float64Array(p.length);
  const rng = new Rng(3);
  for (let d = 0; d < draws; d++) {
    const s = systematicSample(p, rng);
    assert.equal(s.length, 3);
    for (const r of s) hits[r]++;
  }
  // Binomial std of a frequency is at most 0.5/sqrt(draws) = 0.0035.
  const tol = 4 * (0.5 / Math.sqrt(draws));
  p.forEach((pi, r) => assert.ok(Math.abs(hits[r] / draws - pi) < tol));
});

test('resample() mean weighted loss is unbiased for the full mean', () => {
  const input = synthetic(400, 7);
  // A per-row "loss" correlated with the score and the label.
  const loss = Float64Array.from(
    input.score!,
    (s, r) => 0.2 + s * s + 3 * input.labels[r * 2 + 1],
  );
  const full = mean(loss);
  const draws = 3000;
  let sum = 0;
  let sumSq = 0;
  for (let d = 0; d < draws; d++) {
    const sel = resample(input, { keep: 0.2, seed: d });
    let est = 0;
    sel.keep.forEach((r, i) => (est += sel.weights[i] * loss[r]));
    est /= 80;
    sum += est;
    sumSq += est * est;
  }
  const m = sum / draws;
  const se = Math.sqrt((sumSq / draws - m * m) / draws);
  // Four standard errors of the mean of the draws.
  assert.ok(Math.abs(m - full) < 4 * se, `${m} vs ${full} (se ${se})`);
});

test('resample() weights average ~1, keeps rare strata, bounded', () => {
  const input = synthetic(5000, 2);
  const sel = resample(input, { keep: 0.3, seed: 1 });
  assert.equal(sel.keep.length, 1500);
  // Mean 1 in expectation; one draw stays within a few percent.
  assert.ok(Math.abs(sel.record.weights.mean - 1) < 0.05);
  const purchases = sel.record.strata.find((s) => s.code === 3)!;
  assert.equal(purchases.kept, purchases.rows);
  // floor 0.5 bounds sizes within a stratum to a ratio of 3.
  const negs = [...sel.keep.keys()].filter(
    (i) => input.labels[sel.keep[i] * 2] === 0,
  );
  const w = negs.map((i) => sel.weights[i]);
  assert.ok(Math.max(...w) / Math.min(...w) <= 3 + 1e-4);
});

test('resample() is the same for the same seed and differs otherwise', () => {
  const input = synthetic(1000);
  const a = resample(input, { keep: 0.4, seed: 5 });
  const b = resample(input, { keep: 0.4, seed: 5 });
  const c = resample(input, { keep: 0.4, seed: 6 });
  assert.deepEqual(a.keep, b.keep);
  assert.notDeepEqual(a.keep, c.keep);
});
