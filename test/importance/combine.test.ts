import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_IMPORTANCE_WEIGHTS,
  importanceScores,
  parseImportanceWeights,
} from '../../src/importance/combine.ts';
import { near } from './fixtures.ts';

test('importanceScores() is Σ α·rank / Σ|α| within strata', () => {
  const columns = new Map([
    ['loss', Float32Array.from([1, 2, 3, 10])],
    ['noise', Float32Array.from([0.9, 0.1, 0.5, 0.2])],
  ]);
  const strata = Int32Array.from([0, 0, 0, 1]);
  const s = importanceScores(columns, strata, { loss: 1, noise: -1 });
  // Ranks in stratum 0: loss [0, 0.5, 1], noise [1, 0, 0.5].
  near(s[0], (0 - 1) / 2);
  near(s[1], (0.5 - 0) / 2);
  near(s[2], (1 - 0.5) / 2);
  near(s[3], 0);
});

test('importanceScores() ignores columns without a weight', () => {
  const columns = new Map([
    ['loss', Float32Array.from([1, 2])],
    ['confidence', Float32Array.from([5, 1])],
  ]);
  const s = importanceScores(columns, new Int32Array(2), { loss: 2 });
  assert.deepEqual([...s], [0, 1]);
  assert.throws(
    () => importanceScores(columns, new Int32Array(2), { grand: 1 }),
    /at least one weighted column/,
  );
});

test('parseImportanceWeights() overrides defaults and rejects junk', () => {
  const w = parseImportanceWeights('influence=3, noise=-1');
  assert.equal(w.influence, 3);
  assert.equal(w.noise, -1);
  assert.equal(w.coverage, DEFAULT_IMPORTANCE_WEIGHTS.coverage);
  assert.equal(w.loss, DEFAULT_IMPORTANCE_WEIGHTS.loss);
  assert.throws(() => parseImportanceWeights('loss'), /name=number/);
  assert.throws(() => parseImportanceWeights('speed=1'), /unknown column/);
});

test('DEFAULT_IMPORTANCE_WEIGHTS weigh every used column ±1, noise and coverage against', () => {
  const used = Object.entries(DEFAULT_IMPORTANCE_WEIGHTS).filter(
    ([, a]) => a !== 0,
  );
  assert.ok(used.every(([, a]) => Math.abs(a) === 1));
  assert.equal(DEFAULT_IMPORTANCE_WEIGHTS.noise, -1);
  assert.equal(DEFAULT_IMPORTANCE_WEIGHTS.coverage, -1);
});
