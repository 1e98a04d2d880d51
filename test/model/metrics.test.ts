import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { auc, calibration, gauc, logloss } from '../../src/model/metrics.ts';

/** Agreement of two float64 computations of the same sum. */
const SUM_TOL = 1e-12;

/** O(n²) AUC over all positive-negative pairs, ties half. */
function naiveAuc(s: number[], y: number[]): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < s.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      den++;
      num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return den ? num / den : null;
}

test('auc() of a perfect ranking is 1 and of a reversed one is 0', () => {
  assert.equal(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
  assert.equal(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
});

test('auc() of all-tied scores is 0.5 and of one class is null', () => {
  assert.equal(auc([0.3, 0.3, 0.3], [0, 1, 0]), 0.5);
  assert.equal(auc([0.1, 0.2], [1, 1]), null);
  assert.equal(auc([], []), null);
});

test('auc() equals the naive pairwise count, ties included', () => {
  const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), {
    maxLength: 40,
  });
  fc.assert(
    fc.property(arb, (rows) => {
      const s = rows.map((r) => r[0] / 5);
      const y = rows.map((r) => (r[1] ? 1 : 0));
      const a = auc(s, y);
      const b = naiveAuc(s, y);
      return a === null ? b === null : Math.abs(a - (b as number)) < SUM_TOL;
    }),
  );
});

test('gauc() weights per-user AUCs by rows and skips one-class users', () => {
  const s = [0.9, 0.1, 0.5, 0.2, 0.8, 0.7, 0.6];
  const y = [1, 0, 0, 1, 1, 0, 1];
  const u = [0, 0, 1, 1, 1, 2, 2];
  const want =
    (2 * naiveAuc([0.9, 0.1], [1, 0])! +
      3 * naiveAuc([0.5, 0.2, 0.8], [0, 1, 1])! +
      2 * naiveAuc([0.7, 0.6], [0, 1])!) /
    7;
  assert.ok(Math.abs(gauc(s, y, u)! - want) < SUM_TOL);
  assert.equal(gauc([0.1, 0.2], [1, 1], [0, 1]), null);
  const oneClassUser = gauc([0.9, 0.1, 0.4], [1, 0, 1], [0, 0, 1]);
  assert.equal(oneClassUser, 1);
});

test('logloss() is the mean BCE and clips certain mistakes', () => {
  const want = -(Math.log(0.8) + Math.log(1 - 0.3)) / 2;
  assert.ok(Math.abs(logloss([0.8, 0.3], [1, 0]) - want) < SUM_TOL);
  assert.ok(Number.isFinite(logloss([0], [1])));
});

test('calibration() is mean prediction over positive rate', () => {
  assert.ok(
    Math.abs(calibration([0.5, 0.5, 0.2, 0.2], [1, 0, 0, 0])! - 1.4) < SUM_TOL,
  );
  assert.equal(calibration([0.5], [0]), null);
});
