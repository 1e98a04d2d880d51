import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOrder, permute, permuteAttr } from '../../src/data/line-order.ts';

test('lineOrder() is null for rows already in line order', () => {
  assert.equal(lineOrder(Float64Array.from([2, 5, 9, 12])), null);
});

test('lineOrder() puts rows by ascending line, and permute() follows it', () => {
  const line = Float64Array.from([9, 2, 12, 5]);
  const order = lineOrder(line)!;
  assert.deepEqual([...order], [1, 3, 0, 2]);
  assert.deepEqual([...permute(line, order)], [2, 5, 9, 12]);
  const values = ['a', 'b', 'c', 'd'];
  const text = permuteAttr(
    { name: 'q', kind: 'text', index: Int32Array.from([2, 0, 3, 1]), values },
    order,
  );
  assert.ok(text.kind === 'text');
  assert.deepEqual(
    Array.from(text.index, (v) => values[v]),
    ['a', 'b', 'c', 'd'],
  );
});
