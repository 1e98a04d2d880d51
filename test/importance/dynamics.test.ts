import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dynamicsScores } from '../../src/importance/dynamics.ts';
import { dynamicsOf, labelled, near } from './fixtures.ts';

// One task, two rows over four epochs. Row 0 is a positive, row 1 a
// negative the model keeps calling positive.
const labels = labelled([[1], [0]]);
const d = dynamicsOf([
  [[0.6], [0.9]],
  [[0.4], [0.8]],
  [[0.7], [0.9]],
  [[0.3], [0.8]],
]);

test('dynamicsScores() gives cartography values computed by hand', () => {
  const s = dynamicsScores(labels, d, [1]);
  near(s.confidence.perTask[0], 0.5);
  near(s.variability.perTask[0], Math.sqrt((0.01 + 0.01 + 0.04 + 0.04) / 4));
  near(s.correctness.perTask[0], 0.5);
  near(s.confidence.perTask[1], 0.15);
  near(s.variability.perTask[1], 0.05);
  near(s.correctness.perTask[1], 0);
});

test('dynamicsScores() counts forgetting events; never learned gets E', () => {
  const s = dynamicsScores(labels, d, [1]);
  assert.equal(s.forgetting.perTask[0], 2);
  assert.equal(s.forgetting.perTask[1], 4);
});

test('dynamicsScores() AUM is the mean signed logit, negative if wrong', () => {
  const s = dynamicsScores(labels, d, [1]);
  const lg = (p: number) => Math.log(p / (1 - p));
  near(s.aum.perTask[0], (lg(0.6) + lg(0.4) + lg(0.7) + lg(0.3)) / 4, 1e-4);
  near(s.aum.perTask[1], -(2 * lg(0.9) + 2 * lg(0.8)) / 4, 1e-4);
  assert.ok(s.aum.combined[1] < 0);
});

test('dynamicsScores() combines tasks as a weighted mean', () => {
  const l2 = labelled([[1, 0]]);
  const d2 = dynamicsOf([[[0.8, 0.4]], [[0.6, 0.2]]]);
  const s = dynamicsScores(l2, d2, [1, 3]);
  near(s.confidence.perTask[0], 0.7);
  near(s.confidence.perTask[1], 0.7);
  near(s.correctness.combined[0], 1);
  near(s.confidence.combined[0], 0.7);
});
