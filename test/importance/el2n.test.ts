import { test } from 'node:test';
import assert from 'node:assert/strict';
import { el2nScores, earlyEpochCount } from '../../src/importance/el2n.ts';
import { dynamicsOf, labelled, near } from './fixtures.ts';

const labels = labelled([
  [1, 0],
  [0, 0],
]);

test('el2nScores() of one early epoch is the weighted error norm', () => {
  const d = dynamicsOf([
    [
      [0.6, 0.2],
      [0.3, 0.4],
    ],
  ]);
  const s = el2nScores(labels, [d], [1, 0.5]);
  near(s.combined[0], Math.sqrt(0.4 ** 2 + 0.5 * 0.2 ** 2));
  near(s.combined[1], Math.sqrt(0.3 ** 2 + 0.5 * 0.4 ** 2));
  near(s.perTask[0], 0.4);
  near(s.perTask[3], 0.4);
});

test('el2nScores() averages early epochs over runs and skips late ones', () => {
  const run = (a: number, late: number) =>
    dynamicsOf([
      [
        [a, 0],
        [0, 0],
      ],
      [
        [late, 0],
        [0, 0],
      ],
      [
        [late, 0],
        [0, 0],
      ],
    ]);
  const s = el2nScores(labels, [run(0.5, 1), run(0.9, 1)], [1, 1], {
    earlyEpochs: 1,
  });
  near(s.combined[0], (0.5 + 0.1) / 2);
  near(s.combined[1], 0);
});

test('earlyEpochCount() defaults to half the epochs, at least one', () => {
  assert.equal(earlyEpochCount(1), 1);
  assert.equal(earlyEpochCount(5), 2);
  assert.equal(earlyEpochCount(5, 9), 5);
  assert.throws(() => earlyEpochCount(5, 0), /integer >= 1/);
});

test('el2nScores() refuses no runs and a run of the wrong shape', () => {
  assert.throws(() => el2nScores(labels, [], [1, 1]), /at least one run/);
  const bad = dynamicsOf([[[0.5, 0.5]]]);
  assert.throws(() => el2nScores(labels, [bad], [1, 1]), /expected at least/);
});
