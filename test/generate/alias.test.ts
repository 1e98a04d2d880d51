import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AliasTable } from '../../src/generate/alias.ts';
import { Rng } from '../../src/util/rng.ts';

/** Draws per test; the frequency tolerance is ~5 standard errors. */
const DRAWS = 200_000;
const TOLERANCE = 5 * Math.sqrt(0.25 / DRAWS);

test('AliasTable.sample() draws each index in proportion to its weight', () => {
  const weights = [5, 0, 1, 3, 0.5, 10];
  const table = new AliasTable(weights);
  const rng = new Rng(11);
  const counts = new Array<number>(weights.length).fill(0);
  for (let k = 0; k < DRAWS; k++) counts[table.sample(rng)]++;
  const total = weights.reduce((a, b) => a + b, 0);
  weights.forEach((w, i) => {
    const freq = counts[i] / DRAWS;
    assert.ok(Math.abs(freq - w / total) < TOLERANCE, `index ${i}: ${freq}`);
  });
  assert.equal(counts[1], 0, 'a zero weight was drawn');
});

test('AliasTable of one weight always draws index 0', () => {
  const table = new AliasTable([2.5]);
  const rng = new Rng(1);
  for (let k = 0; k < 100; k++) assert.equal(table.sample(rng), 0);
});
