import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denoise } from '../../src/strategies/denoise.ts';
import { reweight } from '../../src/strategies/reweight.ts';
import { mean, rate, synthetic } from './fixtures.ts';

const MEAN_TOL = 1e-5;

test('reweight() keeps all rows with weights of mean 1 in [1-β, 1+β]', () => {
  const input = synthetic(3000);
  const sel = reweight(input, { spread: 0.6 });
  assert.equal(sel.keep.length, 3000);
  assert.ok(Math.abs(mean(sel.weights) - 1) < MEAN_TOL);
  assert.ok(sel.weights.every((w) => w >= 0.4 - 1e-6 && w <= 1.6 + 1e-6));
  for (let t = 0; t < 2; t++) {
    assert.ok(
      Math.abs(sel.record.positiveRate.after[t] - rate(input, t)) < MEAN_TOL,
    );
  }
});

test('reweight() gives higher scores more weight within a stratum', () => {
  const input = synthetic(1000);
  const sel = reweight(input);
  const negatives = [...sel.keep].filter((r) => input.labels[r * 2] === 0);
  const [a, b] = [negatives[0], negatives[1]];
  const order = Math.sign(input.score![a] - input.score![b]);
  assert.equal(Math.sign(sel.weights[a] - sel.weights[b]), order);
});

test('denoise() drops exactly the rows above the threshold', () => {
  const input = synthetic(2000);
  const sel = denoise(input, { threshold: 0.8 });
  const expected = [...Array(2000).keys()].filter(
    (r) => input.noise![r] <= 0.8,
  );
  assert.deepEqual([...sel.keep], expected);
});

test('denoise() downweight keeps all rows, mean 1, flagged ones lighter', () => {
  const input = synthetic(2000);
  const sel = denoise(input, { threshold: 0.5, mode: 'downweight' });
  assert.equal(sel.keep.length, 2000);
  assert.ok(Math.abs(mean(sel.weights) - 1) < MEAN_TOL);
  const clean = sel.weights.filter((_, r) => input.noise![r] <= 0.5);
  const flagged = sel.weights.filter((_, r) => input.noise![r] > 0.5);
  assert.ok(Math.max(...flagged) < Math.min(...clean));
});
