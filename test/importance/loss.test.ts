import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossScores } from '../../src/importance/loss.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { labelled, near } from './fixtures.ts';

test('lossScores() is the cross-entropy per task and Σ w_t·loss_t', () => {
  const l = labelled([
    [1, 0],
    [0, 1],
  ]);
  const probs = Float32Array.from([0.8, 0.3, 0.5, 0.9]);
  const s = lossScores(l, probs, [1, 2]);
  near(s.perTask[0], -Math.log(0.8));
  near(s.perTask[1], -Math.log(0.7));
  near(s.perTask[2], Math.log(2));
  near(s.perTask[3], -Math.log(Math.fround(0.9)));
  near(s.combined[0], -Math.log(0.8) - 2 * Math.log(0.7));
  near(s.combined[1], Math.log(2) - 2 * Math.log(Math.fround(0.9)));
});

test('lossScores() clips probabilities of 0 and 1 to a finite loss', () => {
  const s = lossScores(labelled([[1], [0]]), Float32Array.from([0, 1]), [1]);
  near(s.perTask[0], -Math.log(1e-7), 1e-4);
  near(s.perTask[1], -Math.log(1e-7), 1e-4);
});

test('lossScores() rejects a wrong shape, a bad label and a bad prob', () => {
  const l = labelled([[1], [0]]);
  assert.throws(() => lossScores(l, new Float32Array(3), [1]), UsageError);
  assert.throws(
    () => lossScores(labelled([[2]]), new Float32Array(1), [1]),
    DataError,
  );
  assert.throws(
    () => lossScores(l, Float32Array.from([0.5, 1.5]), [1]),
    /must lie in \[0, 1\]/,
  );
  assert.throws(() => lossScores(l, new Float32Array(2), [1, 1]), UsageError);
});
