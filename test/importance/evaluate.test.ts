import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auprc,
  auroc,
  evaluateScores,
  f1AtK,
  precisionAtK,
  spearman,
} from '../../src/importance/evaluate.ts';
import { Rng } from '../../src/util/rng.ts';
import { near } from './fixtures.ts';

const TOL = 1e-12;

/** AUROC by comparing every flagged/unflagged pair. */
function naiveAuroc(s: number[], f: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < s.length; i++) {
    for (let j = 0; j < s.length; j++) {
      if (f[i] === 1 && f[j] === 0) {
        pairs++;
        wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  return wins / pairs;
}

/** Average precision by walking every distinct threshold. */
function naiveAp(s: number[], f: number[]): number {
  const pos = f.filter((x) => x === 1).length;
  const thresholds = [...new Set(s)].sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  for (const th of thresholds) {
    const sel = s.map((v, i) => (v >= th ? i : -1)).filter((i) => i >= 0);
    const tp = sel.filter((i) => f[i] === 1).length;
    ap += (tp / pos - prevRecall) * (tp / sel.length);
    prevRecall = tp / pos;
  }
  return ap;
}

/** Pearson correlation of plain arrays. */
function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((x, y) => x + y) / a.length;
  const mb = b.reduce((x, y) => x + y) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((_, i) => {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

test('auroc() of a perfect ranking is 1 and of a reversed one is 0', () => {
  assert.equal(auroc([0.9, 0.8, 0.1], [1, 1, 0]), 1);
  assert.equal(auroc([0.1, 0.2, 0.9], [1, 1, 0]), 0);
  assert.ok(Number.isNaN(auroc([1, 2], [1, 1])));
});

test('auprc() of a hand-computed case is (1 + 2/3) / 2', () => {
  // Order: flagged, unflagged, flagged, unflagged.
  near(auprc([4, 3, 2, 1], [1, 0, 1, 0]), (1 + 2 / 3) / 2, TOL);
});

test('auroc() and auprc() match pairwise and threshold references', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + rng.int(30);
    const s = Array.from({ length: n }, () => rng.int(6));
    const f = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : rng.int(2)));
    f[1] = 0;
    near(auroc(s, f), naiveAuroc(s, f), TOL);
    near(auprc(s, f), naiveAp(s, f), TOL);
  }
});

test('precisionAtK() and f1AtK() count the top k', () => {
  const s = [0.9, 0.8, 0.7, 0.1];
  const f = [1, 0, 1, 1];
  assert.equal(precisionAtK(s, f, 2), 0.5);
  near(f1AtK(s, f, 2), (2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3), TOL);
  assert.equal(f1AtK(s, f, 3), precisionAtK(s, f, 3));
  assert.throws(() => precisionAtK(s, f, 5), /k must be/);
});

test('spearman() is the Pearson correlation of average ranks', () => {
  assert.equal(spearman([1, 2, 3], [10, 20, 30]), 1);
  near(spearman([1, 2, 3], [3, 2, 1]), -1, TOL);
  // Ranks of [1, 2, 2, 5] are [1, 2.5, 2.5, 4].
  const r = spearman([1, 2, 2, 5], [4, 3, 1, 2]);
  near(r, pearson([1, 2.5, 2.5, 4], [4, 3, 1, 2]), TOL);
});

test('evaluateScores() puts a perfect score above the random baseline', () => {
  const flags = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const e = evaluateScores({ perfect: flags.map((f) => f) }, flags, {
    seed: 3,
  });
  assert.equal(e.flagged, 20);
  assert.equal(e.methods.perfect.auroc, 1);
  assert.equal(e.methods.perfect.f1, 1);
  assert.ok(Math.abs(e.random.auroc - 0.5) < 0.1);
  assert.ok(e.random.f1 < 0.3);
});
