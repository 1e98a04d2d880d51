import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countingSort, denseRanks } from '../../src/data/order.ts';
import { Rng } from '../../src/util/rng.ts';

/** Ranks by a comparator sort of the distinct values; NaN last. */
function naiveRanks(values: number[]): { rank: number[]; size: number } {
  const keys = [...new Set(values.filter((v) => !Number.isNaN(v)))].sort(
    (a, b) => a - b,
  );
  const rank = values.map((v) =>
    Number.isNaN(v) ? keys.length : keys.indexOf(v),
  );
  return { rank, size: keys.length + 1 };
}

function check(values: number[]): void {
  const got = denseRanks(Float64Array.from(values));
  const want = naiveRanks(values);
  assert.deepEqual([...got.rank], want.rank);
  assert.equal(got.size, want.size);
}

test('denseRanks() of integers in a narrow range equals a naive ranking', () => {
  const rng = new Rng(5);
  const values = Array.from({ length: 2000 }, () =>
    rng.next() < 0.05 ? NaN : 1_700_000_000 + rng.int(3000),
  );
  check(values);
  check([3, -0, 0, -2, NaN, 3, -2]);
});

test('denseRanks() of fractions and of widely spread integers equals a naive ranking', () => {
  const rng = new Rng(6);
  check(Array.from({ length: 500 }, () => rng.normal()));
  check(Array.from({ length: 500 }, () => rng.int(1000) * 1e6));
});

test('denseRanks() of no values or only NaN gives one rank', () => {
  check([]);
  check([NaN, NaN]);
});

test('countingSort() keeps the order of equal keys', () => {
  const rows = Int32Array.from([4, 3, 2, 1, 0]);
  const key = Int32Array.from([1, 0, 1, 0, 1]);
  assert.deepEqual([...countingSort(rows, key, 2)], [3, 1, 4, 2, 0]);
});
