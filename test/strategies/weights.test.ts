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
  const sel = denoise(input, { threshold: 0.8, maxShare: 1 });
  const expected = [...Array(2000).keys()].filter(
    (r) => input.noise![r] <= 0.8,
  );
  assert.deepEqual([...sel.keep], expected);
});

test('denoise() downweight keeps all rows, mean 1, flagged ones lighter', () => {
  const input = synthetic(2000);
  const sel = denoise(input, {
    threshold: 0.5,
    mode: 'downweight',
    maxShare: 1,
  });
  assert.equal(sel.keep.length, 2000);
  assert.ok(Math.abs(mean(sel.weights) - 1) < MEAN_TOL);
  const clean = sel.weights.filter((_, r) => input.noise![r] <= 0.5);
  const flagged = sel.weights.filter((_, r) => input.noise![r] > 0.5);
  assert.ok(Math.max(...flagged) < Math.min(...clean));
});

test('denoise() treats at most maxShare of each label stratum, noisiest first', () => {
  const input = synthetic(3000, 4);
  const n = 3000;
  // Every positive of the second task looks wrong, as a rare label's rows
  // do under a model that predicts it rarely; other rows rarely do.
  const noise = Float32Array.from(input.noise!, (x, r) =>
    input.labels[r * 2 + 1] === 1 ? 0.9 + 0.1 * x : 0.6 * x,
  );
  const sel = denoise({ ...input, noise }, { threshold: 0.5 });
  const kept = new Set(sel.keep);
  const stratum = (r: number) =>
    input.labels[r * 2] + 2 * input.labels[r * 2 + 1];
  for (const code of [0, 1, 3]) {
    const rows = [...Array(n).keys()].filter((r) => stratum(r) === code);
    const over = rows.filter((r) => noise[r] > 0.5);
    const cap = Math.floor(0.2 * rows.length);
    const dropped = rows.filter((r) => !kept.has(r));
    assert.equal(dropped.length, Math.min(over.length, cap), `stratum ${code}`);
    // The dropped rows are the noisiest of the stratum.
    const kept1 = rows.filter((r) => kept.has(r));
    if (dropped.length && kept1.length) {
      const least = Math.min(...dropped.map((r) => noise[r]));
      assert.ok(
        kept1.every((r) => noise[r] <= least),
        `stratum ${code}`,
      );
    }
  }
  const positives = [...Array(n).keys()].filter((r) => stratum(r) === 3);
  assert.ok(positives.every((r) => noise[r] > 0.5));
  assert.ok(positives.some((r) => kept.has(r)));
  assert.throws(() => denoise(input, { maxShare: 1.5 }), /maxShare/);
});
