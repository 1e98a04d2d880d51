import { test } from 'node:test';
import { knnLabelDisagreement } from '../../src/importance/disagreement.ts';
import { labelled, near } from './fixtures.ts';

test('knnLabelDisagreement() counts neighbours with another label', () => {
  // Positions 0, 1, 2, 10, 11; row 1 is a positive among negatives.
  const x = Float32Array.from([0, 1, 2, 10, 11]);
  const l = labelled([
    [0, 1],
    [1, 1],
    [0, 1],
    [1, 0],
    [1, 0],
  ]);
  const s = knnLabelDisagreement(x, 1, l, [1, 1], { k: 2 });
  near(s.perTask[1 * 2 + 0], 1);
  near(s.perTask[0 * 2 + 0], 0.5);
  near(s.perTask[3 * 2 + 0], 0.5); // row 4 agrees, row 2 does not
  near(s.perTask[1 * 2 + 1], 0);
  near(s.combined[1], 0.5);
  // Row 2's nearest are rows 1 (d=1) and 0 (d=2): task 0 disagrees once.
  near(s.perTask[2 * 2 + 0], 0.5);
});
