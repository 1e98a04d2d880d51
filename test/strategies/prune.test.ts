import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prune } from '../../src/strategies/prune.ts';
import { mean, rate, synthetic } from './fixtures.ts';

/** Rounding of one row per stratum moves a rate by at most this. */
const RATE_TOL = 2e-3;
const MEAN_TOL = 1e-5;

test('prune() stratified keeps the fraction and every positive rate', () => {
  const input = synthetic(5000);
  const sel = prune(input, { keep: 0.3 });
  assert.equal(sel.keep.length, 1500);
  for (let t = 0; t < 2; t++) {
    assert.ok(
      Math.abs(sel.record.positiveRate.after[t] - rate(input, t)) < RATE_TOL,
    );
  }
  assert.ok(sel.weights.every((w) => w === 1));
});

test('prune() keeps the highest scores within each stratum', () => {
  const input = synthetic(2000);
  const sel = prune(input, { keep: 0.5 });
  const kept = new Set(sel.keep);
  const s = input.score!;
  const stratum = (r: number) =>
    input.labels[r * 2] + 2 * input.labels[r * 2 + 1];
  for (let code = 0; code < 4; code++) {
    let minKept = Infinity;
    let maxDropped = -Infinity;
    for (let r = 0; r < 2000; r++) {
      if (stratum(r) !== code) continue;
      if (kept.has(r)) minKept = Math.min(minKept, s[r]);
      else maxDropped = Math.max(maxDropped, s[r]);
    }
    assert.ok(minKept >= maxDropped, `stratum ${code}`);
  }
});

test('prune() reverse keeps the lowest scores', () => {
  const input = synthetic(2000);
  const top = prune(input, { keep: 0.3 });
  const low = prune(input, { keep: 0.3, reverse: true });
  assert.ok(mean(Array.from(low.keep, (r) => input.score![r])) < 0.25);
  assert.ok(mean(Array.from(top.keep, (r) => input.score![r])) > 0.75);
});

test('prune() unstratified corrects weights to the full label rates', () => {
  const input = synthetic(4000);
  // Scores that favour clicks: an unweighted top half over-represents them.
  const score = Float32Array.from(input.score!, (s, r) =>
    input.labels[r * 2] ? s + 0.5 : s,
  );
  const sel = prune({ ...input, score }, { keep: 0.5, stratify: false });
  const unweighted = mean(Array.from(sel.keep, (r) => input.labels[r * 2]));
  assert.ok(unweighted > rate(input, 0) + 0.1);
  assert.ok(Math.abs(mean(sel.weights) - 1) < MEAN_TOL);
  for (let t = 0; t < 2; t++) {
    assert.ok(
      Math.abs(sel.record.positiveRate.after[t] - rate(input, t)) < MEAN_TOL,
    );
  }
});

test('prune() rejects a keep outside (0, 1] and a missing score', () => {
  const input = synthetic(10);
  assert.throws(() => prune(input, { keep: 0 }), /keep must be/);
  assert.throws(() => prune(input, { keep: 1.5 }), /keep must be/);
  assert.throws(
    () => prune({ ...input, score: undefined }, { keep: 0.5 }),
    /needs a score/,
  );
});
