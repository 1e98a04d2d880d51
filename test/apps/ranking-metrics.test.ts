import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dcgAt,
  hitAt,
  ndcgAt,
  recallAt,
  reciprocalRank,
} from '../../src/apps/ranking-metrics.ts';

const EPS = 1e-12;

test('ndcgAt() of the ideal order is 1 and of no relevant item is 0', () => {
  assert.equal(ndcgAt([3, 2, 1, 0], [3, 2, 1], 10), 1);
  assert.ok(ndcgAt([3, 2, 0, 1], [3, 2, 1], 10) < 1);
  assert.equal(ndcgAt([0, 0], [], 10), 0);
});

test('ndcgAt() matches the closed form for one relevant item at rank 3', () => {
  // DCG = 1 / log2(4) = 1/2; ideal DCG = 1.
  assert.ok(Math.abs(ndcgAt([0, 0, 1], [1], 10) - 0.5) < EPS);
  assert.equal(ndcgAt([0, 0, 1], [1], 2), 0);
});

test('dcgAt() with graded gains sums gain / log2(rank + 1)', () => {
  const expected = 3 + 2 / Math.log2(3) + 1 / Math.log2(4);
  assert.ok(Math.abs(dcgAt([3, 2, 1], 3) - expected) < EPS);
});

test('recallAt(), hitAt() and reciprocalRank() on a hand-made list', () => {
  const gains = [0, 1, 0, 1];
  assert.equal(recallAt(gains, 4, 2), 1 / 4);
  assert.equal(recallAt(gains, 4, 20), 2 / 4);
  assert.equal(hitAt(gains, 1), 0);
  assert.equal(hitAt(gains, 2), 1);
  assert.equal(reciprocalRank(gains), 1 / 2);
  assert.equal(reciprocalRank([0, 0]), 0);
});
