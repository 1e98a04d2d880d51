import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redundancyScores } from '../../src/importance/redundancy.ts';
import { near } from './fixtures.ts';

// Points on a line: 0, 0 (a duplicate), 1, 10.
const shared = Float32Array.from([0, 0, 1, 10]);

test('redundancyScores() is the mean distance to the k nearest others', () => {
  const s = redundancyScores(shared, 1, { k: 2 });
  near(s[0], 0.5);
  near(s[1], 0.5);
  near(s[2], 1);
  near(s[3], 9.5);
});

test('redundancyScores() looks for neighbours within the same stratum', () => {
  const strata = Int32Array.from([0, 1, 0, 1]);
  const s = redundancyScores(shared, 1, { k: 1, strata });
  near(s[0], 1);
  near(s[1], 10);
  near(s[2], 1);
  near(s[3], 10);
});

test('redundancyScores() leaves a row alone in its stratum as NaN', () => {
  const s = redundancyScores(shared, 1, {
    strata: Int32Array.from([0, 0, 0, 1]),
  });
  assert.ok(Number.isNaN(s[3]));
  assert.ok(s[0] === s[1], 'duplicates score the same');
});
