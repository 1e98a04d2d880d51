import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverageScores } from '../../src/importance/coverage.ts';
import { near } from './fixtures.ts';

// Four rows: users 0,0,0,1; items 5,5,6,7; categories 2,2,-1,3.
const input = {
  user: Int32Array.from([0, 0, 0, 1]),
  item: Int32Array.from([5, 5, 6, 7]),
  category: Int32Array.from([2, 2, -1, 3]),
};

test('coverageScores() is ln((N + αK) / (c + α)) per key', () => {
  const s = coverageScores(input, { alpha: 1 });
  near(s.user[0], Math.log(6 / 4));
  near(s.user[3], Math.log(6 / 2));
  near(s.item[0], Math.log(7 / 3));
  near(s.item[2], Math.log(7 / 2));
  near(s.category[0], Math.log(5 / 3));
  near(s.category[3], Math.log(5 / 2));
  assert.ok(Number.isNaN(s.category[2]));
  near(s.userCategory[1], Math.log(5 / 3));
  near(s.userCategory[3], Math.log(5 / 2));
});

test('coverageScores() combined is the mean of the known parts', () => {
  const s = coverageScores(input, { alpha: 1 });
  near(s.combined[2], (Math.log(6 / 4) + Math.log(7 / 2)) / 2);
  const parts = [s.user[3], s.item[3], s.category[3], s.userCategory[3]];
  near(s.combined[3], parts.reduce((a, b) => a + b) / 4);
  assert.ok(s.combined[3] > s.combined[0], 'the rare user ranks higher');
});

test('coverageScores() rejects mismatched lengths and a bad alpha', () => {
  const bad = { ...input, item: new Int32Array(3) };
  assert.throws(() => coverageScores(bad), /one value per row/);
  assert.throws(() => coverageScores(input, { alpha: 0 }), /alpha/);
});
