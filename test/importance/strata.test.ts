import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  labelStrata,
  rankWithinStrata,
  taskStrata,
} from '../../src/importance/strata.ts';

test('labelStrata() codes labels as bits and sampled rows apart', () => {
  const labels = Float32Array.from([0, 0, 1, 0, 1, 1, 0, 0]);
  const sampled = Uint8Array.from([0, 0, 0, 1]);
  assert.deepEqual([...labelStrata(labels, 2, sampled)], [0, 1, 3, 4]);
  assert.deepEqual([...taskStrata(labels, 2, 1, sampled)], [0, 0, 1, 2]);
});

test('rankWithinStrata() ranks each stratum on its own in [0, 1]', () => {
  const values = [5, 1, 100, 3, -7, 3];
  const strata = Int32Array.from([0, 0, 1, 0, 1, 2]);
  const r = rankWithinStrata(values, strata);
  assert.deepEqual([...r], [1, 0, 1, 0.5, 0, 0.5]);
});

test('rankWithinStrata() gives ties their average and NaN 0.5', () => {
  const values = [2, 2, 1, NaN, 3];
  const r = rankWithinStrata(values, new Int32Array(5));
  assert.deepEqual([...r], [0.5, 0.5, 0, 0.5, 1]);
});
