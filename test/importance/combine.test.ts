import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_IMPORTANCE_WEIGHTS,
  effectiveWeights,
  importanceScores,
  NOISE_STAND_IN,
  parseImportanceWeights,
} from '../../src/importance/combine.ts';
import { spearman } from '../../src/importance/evaluate.ts';
import { Rng } from '../../src/util/rng.ts';
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

test('DEFAULT_IMPORTANCE_WEIGHTS are sign × seed reliability, noise 0', () => {
  // The table in combine.ts: r = 1, 0.6, 0.4, 0.1 and noise left to
  // influence; hardness signals unused.
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(DEFAULT_IMPORTANCE_WEIGHTS).filter(([, a]) => a !== 0),
    ),
    { coverage: -1, influence: 0.6, redundancy: 0.4, knn_shapley: 0.1 },
  );
  for (const m of ['noise', 'loss', 'el2n', 'grand', 'variability']) {
    assert.equal(DEFAULT_IMPORTANCE_WEIGHTS[m], 0, m);
  }
});

test('effectiveWeights() lets noise stand in for a missing influence', () => {
  const withInfluence = new Map([
    ['influence', 0],
    ['noise', 0],
  ]);
  const without = new Map([
    ['coverage', 0],
    ['noise', 0],
  ]);
  const d = DEFAULT_IMPORTANCE_WEIGHTS;
  assert.equal(effectiveWeights(withInfluence, d), d);
  assert.deepEqual(effectiveWeights(without, d), { ...d, noise: -0.9 });
  assert.equal(NOISE_STAND_IN, -0.9);
  // Explicit weights, even equal to the defaults, are taken as written.
  const explicit = parseImportanceWeights('');
  assert.deepEqual(explicit, d);
  assert.equal(effectiveWeights(without, explicit), explicit);
});

/** Naive normalised ranks within strata: O(n²), ties averaged. */
function naiveRanks(x: ArrayLike<number>, strata: Int32Array): number[] {
  return Array.from(x, (v, i) => {
    let below = 0;
    let equal = 0;
    let size = 0;
    for (let j = 0; j < x.length; j++) {
      if (strata[j] !== strata[i]) continue;
      size++;
      if (x[j] < v) below++;
      else if (x[j] === v) equal++;
    }
    return size > 1 ? (below + (equal - 1) / 2) / (size - 1) : 0.5;
  });
}

test('importanceScores() with the defaults matches a naive reference', () => {
  const rng = new Rng(5);
  const n = 60;
  const strata = Int32Array.from({ length: n }, () => rng.int(3));
  const col = () => Float32Array.from({ length: n }, () => rng.int(20));
  const all = new Map([
    ['loss', col()],
    ['coverage', col()],
    ['redundancy', col()],
    ['influence', col()],
    ['knn_shapley', col()],
    ['noise', col()],
  ]);
  const reference = (w: Record<string, number>) => {
    const total = Object.values(w).reduce((a, b) => a + Math.abs(b), 0);
    const out = new Array<number>(n).fill(0);
    for (const [name, a] of Object.entries(w)) {
      const r = naiveRanks(all.get(name)!, strata);
      for (let i = 0; i < n; i++) out[i] += (a / total) * r[i];
    }
    return out;
  };
  const got = importanceScores(all, strata);
  const want = reference({
    coverage: -1,
    redundancy: 0.4,
    influence: 0.6,
    knn_shapley: 0.1,
  });
  want.forEach((v, i) => near(got[i], v));
  // Without influence, noise counts −0.9 in its place.
  const noInfluence = new Map(all);
  noInfluence.delete('influence');
  const got2 = importanceScores(noInfluence, strata);
  const want2 = reference({
    coverage: -1,
    redundancy: 0.4,
    knn_shapley: 0.1,
    noise: -0.9,
  });
  want2.forEach((v, i) => near(got2[i], v));
});

test('reliability weights keep a noisy column from unsettling it', () => {
  // Two "seeds": stable columns a, b and a column c that is mostly
  // redrawn per seed (r ≈ 0.1). Weighting by reliability keeps the
  // combined ranks closer across seeds than equal weights do.
  const rng = new Rng(9);
  const n = 2000;
  const strata = new Int32Array(n);
  const draw = () => Float32Array.from({ length: n }, () => rng.normal());
  const a = draw();
  const b = draw();
  const c = draw();
  const seed = () => {
    const noisy = Float32Array.from(c, (v) => 0.3 * v + rng.normal());
    return new Map([
      ['coverage', a],
      ['influence', b.map((v) => v + 0.3 * rng.normal())],
      ['knn_shapley', noisy],
    ]);
  };
  const s0 = seed();
  const s1 = seed();
  const equal = { coverage: -1, influence: 1, knn_shapley: 1 };
  const rhoEqual = spearman(
    importanceScores(s0, strata, equal),
    importanceScores(s1, strata, equal),
  );
  const rhoDefault = spearman(
    importanceScores(s0, strata),
    importanceScores(s1, strata),
  );
  assert.ok(rhoEqual < 0.8, `equal weights ${rhoEqual}`);
  assert.ok(rhoDefault > 0.9, `default weights ${rhoDefault}`);
});
