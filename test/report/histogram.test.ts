import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, quantile, TAIL } from '../../src/report/histogram.ts';
import { Rng } from '../../src/util/rng.ts';

/** Tolerance for bin edges computed in float64. */
const EPS = 1e-9;

/** A second, naive implementation: each value tested against each bin. */
function naiveCounts(values: number[], lo: number, hi: number, bins: number) {
  const w = (hi - lo) / bins;
  return Array.from(
    { length: bins },
    (_, i) =>
      values.filter((v) => {
        const c = Math.min(hi, Math.max(lo, v));
        const inside = c >= lo + i * w && c < lo + (i + 1) * w;
        return inside || (i === bins - 1 && c >= lo + (i + 1) * w - EPS);
      }).length,
  );
}

test('histogram() counts like a naive per-bin scan', () => {
  const rng = new Rng(3);
  const values = Array.from({ length: 2000 }, () => Math.exp(rng.normal()));
  const bins = histogram(values, 20);
  const sorted = [...values].sort((a, b) => a - b);
  const lo = quantile(sorted, TAIL);
  const hi = quantile(sorted, 1 - TAIL);
  assert.ok(Math.abs(bins[0].start - lo) < EPS);
  assert.ok(Math.abs(bins[19].end - hi) < EPS);
  assert.deepEqual(
    bins.map((b) => b.count),
    naiveCounts(values, lo, hi, 20),
  );
  const total = bins.reduce((a, b) => a + b.share, 0);
  assert.ok(Math.abs(total - 1) < EPS);
});

test('histogram() ignores non-finite values and handles one value', () => {
  assert.deepEqual(histogram([NaN, Infinity]), []);
  assert.deepEqual(histogram([]), []);
  const one = histogram([2, NaN], 4);
  assert.equal(one.length, 4);
  assert.equal(one[0].count, 1);
  assert.equal(one[0].start, 2);
  assert.equal(one[3].end, 3);
});

test('quantile() interpolates between order statistics', () => {
  assert.equal(quantile([1, 2, 3, 4], 0), 1);
  assert.equal(quantile([1, 2, 3, 4], 1), 4);
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
});
