import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argsortFloat } from '../../src/importance/sort.ts';
import { Rng } from '../../src/util/rng.ts';

test('argsortFloat() orders like a stable comparison sort', () => {
  const rng = new Rng(9);
  for (let trial = 0; trial < 10; trial++) {
    const n = 1 + rng.int(500);
    const v = new Float32Array(n).map(() =>
      rng.next() < 0.3 ? rng.int(5) - 2 : rng.normal() * 10 ** rng.int(6),
    );
    const want = Array.from(v.keys()).sort((a, b) => v[a] - v[b] || a - b);
    assert.deepEqual([...argsortFloat(v)], want);
  }
});

test('argsortFloat() sorts infinities and keeps start order on ties', () => {
  const v = [3, -Infinity, 1, Infinity, 1, -5];
  assert.deepEqual([...argsortFloat(v)], [1, 5, 2, 4, 0, 3]);
  const start = Uint32Array.from([4, 2, 0]);
  assert.deepEqual([...argsortFloat(v, start)], [4, 2, 0]);
});
