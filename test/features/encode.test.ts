import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bucketize,
  encode,
  hashTerm,
  learnBuckets,
  learnStandardiser,
  learnVocabulary,
  selectRanks,
  standardise,
} from '../../src/features/encode.ts';

const TRAIN = 0;
const VALID = 1;
const EPS = 1e-6;

const opts = { minCount: 2, hashAbove: 100, hashBuckets: 17 };

test('learnVocabulary() ranks train values by count, drops rare ones to id 0', () => {
  // value index: 0 x3, 1 x2, 2 x1 (train); 3 only in valid; 1 in valid too.
  const values = Int32Array.from([0, 1, 0, 2, 1, 0, 3, 3, 3, 1]);
  const split = Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  const v = learnVocabulary(values, 4, split, opts);
  assert.equal(v.hashed, false);
  assert.equal(v.size, 3, 'two kept values and the OOV id');
  assert.deepEqual([...v.ids], [1, 2, 0, 0]);
  assert.deepEqual([...v.valueOf], [-1, 0, 1]);
  const ids = encode(Int32Array.from([2, 3, -1, 1]), v);
  assert.deepEqual([...ids], [0, 0, 0, 2], 'rare, unseen and missing -> 0');
});

test('learnVocabulary() breaks count ties by value index and honours minCount 1', () => {
  const values = Int32Array.from([2, 1, 2, 1, 0]);
  const split = new Uint8Array(5).fill(TRAIN);
  const v = learnVocabulary(values, 3, split, { ...opts, minCount: 1 });
  assert.deepEqual([...v.ids], [3, 1, 2]);
});

test('learnVocabulary() hashes into buckets 1..size-1 above hashAbove values', () => {
  const n = 50;
  const values = Int32Array.from({ length: 2 * n }, (_, i) => i % n);
  const split = new Uint8Array(2 * n).fill(TRAIN);
  const v = learnVocabulary(values, n, split, { ...opts, hashAbove: 10 });
  assert.equal(v.hashed, true);
  assert.equal(v.size, 17);
  for (const id of v.ids) assert.ok(id >= 1 && id < 17, `id ${id}`);
  assert.ok(new Set(v.ids).size > 8, 'values spread over buckets');
  const same = learnVocabulary(values, n, split, { ...opts, hashAbove: 10 });
  assert.deepEqual(same.ids, v.ids, 'hashing is deterministic');
  const kept = learnVocabulary(values, n, split, { ...opts, hashAbove: 50 });
  assert.equal(kept.hashed, false, 'exactly hashAbove values: no hashing');
});

test('learnStandardiser() uses train rows only; standardise() maps NaN to 0', () => {
  const values = Float64Array.from([1, 2, 3, 4, NaN, 100]);
  const split = Uint8Array.from([0, 0, 0, 0, 0, VALID]);
  const s = learnStandardiser(values, split, false);
  assert.ok(Math.abs(s.mean - 2.5) < EPS);
  assert.ok(Math.abs(s.std - Math.sqrt(1.25)) < EPS, 'population std');
  const z = standardise(values, s);
  assert.ok(Math.abs(z[0] - -1.5 / Math.sqrt(1.25)) < EPS);
  assert.equal(z[4], 0);
  assert.ok(Math.abs(z[5] - 97.5 / Math.sqrt(1.25)) < 1e-4);
  let mean = 0;
  let sq = 0;
  for (let i = 0; i < 4; i++) mean += z[i] / 4;
  for (let i = 0; i < 4; i++) sq += (z[i] - mean) ** 2 / 4;
  assert.ok(Math.abs(mean) < EPS && Math.abs(sq - 1) < EPS);
});

test('learnStandardiser() with log applies log1p first; a constant gets std 1', () => {
  const values = Float64Array.from([0, Math.E - 1, Math.E ** 2 - 1]);
  const split = new Uint8Array(3);
  const s = learnStandardiser(values, split, true);
  assert.ok(Math.abs(s.mean - 1) < EPS);
  assert.ok(Math.abs(s.std - Math.sqrt(2 / 3)) < EPS);
  const c = learnStandardiser(
    Float64Array.from([5, 5]),
    new Uint8Array(2),
    false,
  );
  assert.equal(c.std, 1);
  assert.deepEqual([...standardise(Float64Array.from([5]), c)], [0]);
});

test('learnBuckets() cuts at train quantiles; bucketize() counts cuts <= value', () => {
  const train = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  const values = Float64Array.from([...train, 1000]);
  const split = Uint8Array.from([...new Array(10).fill(TRAIN), VALID]);
  const cuts = learnBuckets(values, split, 4);
  // Sorted train 1..10: positions floor(10/4)=2, 5, 7 -> values 3, 6, 8.
  assert.deepEqual(cuts, [3, 6, 8]);
  const probe = Float64Array.from([1, 2.9, 3, 6, 7.5, 8, 9, NaN, -5]);
  const naive = (v: number) =>
    Number.isNaN(v) ? 0 : 1 + cuts.filter((c) => c <= v).length;
  assert.deepEqual([...bucketize(probe, cuts)], Array.from(probe, naive));
  assert.deepEqual([...bucketize(probe, cuts)], [1, 1, 2, 3, 3, 4, 4, 0, 1]);
  const few = learnBuckets(
    Float64Array.from([1, 1, 1, 2]),
    new Uint8Array(4),
    4,
  );
  assert.deepEqual(few, [1, 2], 'repeated cut points collapse');
});

test('selectRanks() puts at each rank what a full sort puts there', () => {
  // Few distinct values as well as many, so ties and runs are exercised.
  const values = fc.oneof(
    fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 300 }),
    fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
      maxLength: 300,
    }),
  );
  fc.assert(
    fc.property(values, fc.integer({ min: 1, max: 12 }), (xs, buckets) => {
      const a = Float64Array.from(xs);
      const sorted = Float64Array.from(xs).sort();
      const ranks = [
        ...new Set(
          Array.from({ length: buckets }, (_, b) =>
            Math.floor((b / buckets) * a.length),
          ),
        ),
      ].filter((k) => k < a.length);
      selectRanks(a, ranks, 0, a.length - 1);
      for (const k of ranks) assert.ok(a[k] === sorted[k], `rank ${k}`);
      assert.deepEqual(
        [...a].sort((x, y) => x - y),
        [...sorted].sort((x, y) => x - y),
        'a permutation of the input',
      );
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('hashTerm() is stable, in [1, buckets) and spreads terms', () => {
  const ids = ['drill', 'hammer', 'saw', 'nail', 'screw'].map((t) =>
    hashTerm(t, 11),
  );
  for (const id of ids) assert.ok(id >= 1 && id < 11);
  assert.equal(hashTerm('drill', 11), ids[0]);
  assert.ok(new Set(ids).size >= 3);
});
