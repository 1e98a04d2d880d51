import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyCounts, TagCounter } from '../../src/features/tag-counter.ts';
import { Rng } from '../../src/util/rng.ts';

/** The top K by a full sort of naive counts: count desc, then tag asc. */
function naiveTop(counts: Map<number, number>, k: number): number[] {
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, k)
    .map(([tag]) => tag);
}

test('TagCounter.top() equals a full sort of the counts after every add', () => {
  const rng = new Rng(3);
  const users = 7;
  const width = 9;
  const k = 3;
  const counter = new TagCounter(k, width, users);
  const naive = Array.from({ length: users }, () => new Map<number, number>());
  for (let step = 0; step < 3000; step++) {
    const u = rng.int(users);
    const tag = Math.min(rng.int(width), rng.int(width));
    counter.add(u, tag);
    naive[u].set(tag, (naive[u].get(tag) ?? 0) + 1);
    assert.deepEqual([...counter.top(u)], naiveTop(naive[u], k));
    assert.equal(counter.count(u, tag), naive[u].get(tag));
  }
});

test('KeyCounts counts keys beyond 32 bits and grows', () => {
  const c = new KeyCounts();
  const big = 2 ** 40 + 5;
  for (let i = 0; i < 10_000; i++) c.increment(i * 3);
  c.increment(big);
  c.increment(big);
  assert.equal(c.get(big), 2);
  assert.equal(c.get(2 ** 40 + 6), 0);
  assert.equal(c.get(29_997), 1);
  assert.equal(c.get(29_998), 0);
});

test('TagCounter.tagAt() and countAt() list the top tags with their counts', () => {
  const rng = new Rng(8);
  const counter = new TagCounter(2, 5, 3);
  const naive = Array.from({ length: 3 }, () => new Map<number, number>());
  for (let step = 0; step < 500; step++) {
    const u = rng.int(3);
    const tag = rng.int(5);
    counter.add(u, tag);
    naive[u].set(tag, (naive[u].get(tag) ?? 0) + 1);
    const want = naiveTop(naive[u], 2);
    assert.equal(counter.size(u), want.length);
    want.forEach((t, j) => {
      assert.equal(counter.tagAt(u, j), t);
      assert.equal(counter.countAt(u, j), naive[u].get(t));
    });
  }
});
