import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGraded, queryNdcg } from '../../src/apps/graded.ts';
import type { PreparedData } from '../../src/data/load.ts';
import type { SplitArrays } from '../../src/data/types.ts';
import type { MultiTaskModel } from '../../src/model/api.ts';

const EPS = 1e-12;
const L3 = Math.log2(3);

test('queryNdcg() of a hand-ranked list equals DCG / ideal DCG', () => {
  // Scores order the rows 1, 2, 0 with gains 0, 1, 2.
  const got = queryNdcg([2, 0, 1], [0.1, 0.9, 0.5], [0, 0, 0], 10);
  const dcg = 0 / 1 + 1 / L3 + 2 / 2;
  const ideal = 2 / 1 + 1 / L3 + 0 / 2;
  assert.ok(Math.abs(got - dcg / ideal) < EPS);
  assert.ok(Math.abs(queryNdcg([2, 0, 1], [3, 1, 2], [0, 0, 0], 10) - 1) < EPS);
});

test('queryNdcg() breaks equal scores by the tie order and cuts at k', () => {
  // Equal scores: tie order puts row 1 (gain 0) first, then row 0.
  const tied = queryNdcg([1, 0], [0.5, 0.5], [0.9, 0.1], 10);
  assert.ok(Math.abs(tied - 1 / L3) < EPS);
  // k = 1: only the first position counts; the ideal is gain 2.
  const cut = queryNdcg([1, 2, 0], [3, 2, 1], [0, 0, 0], 1);
  assert.ok(Math.abs(cut - 1 / 2) < EPS);
});

/**
 * Test split: query "q1" with items a (grade 3), b (1), c (2); query "q2"
 * with a (2), d (1); query "q3" with a single item; query "q4" with two
 * items of grade 1 only. The model's click probability is the row's
 * dense value. Train: item d engaged twice, a once, c never.
 */
function dataset(): PreparedData {
  const split = (
    rows: [string, string, number, number, number][],
  ): SplitArrays => {
    const users = [...new Set(rows.map((r) => r[0]))];
    const items = [...new Set(rows.map((r) => r[1]))];
    const n = rows.length;
    return {
      rows: n,
      sampleId: Int32Array.from(rows, (_, i) => i),
      cat: new Int32Array(0),
      nCat: 0,
      dense: Float32Array.from(rows, (r) => r[3]),
      nDense: 1,
      labels: Float32Array.from(rows, (r) => r[4]),
      nTasks: 1,
      weights: new Float32Array(n).fill(1),
      user: Int32Array.from(rows, (r) => users.indexOf(r[0])),
      item: Int32Array.from(rows, (r) => items.indexOf(r[1])),
      userKeys: users,
      itemKeys: items,
      category: new Int32Array(n).fill(-1),
      time: new Float64Array(n).fill(NaN),
      sampled: new Uint8Array(n),
      evalColumns: { relevance: Float32Array.from(rows, (r) => r[2]) },
    };
  };
  const test = split([
    ['q1', 'a', 3, 0.2, 1],
    ['q1', 'b', 1, 0.9, 0],
    ['q1', 'c', 2, 0.5, 1],
    ['q2', 'a', 2, 0.1, 1],
    ['q2', 'd', 1, 0.8, 0],
    ['q3', 'a', 3, 0.5, 1],
    ['q4', 'b', 1, 0.5, 0],
    ['q4', 'c', 1, 0.4, 0],
  ]);
  const train = split([
    ['t1', 'd', 1, 0, 1],
    ['t2', 'd', 1, 0, 1],
    ['t3', 'a', 3, 0, 1],
    ['t4', 'c', 1, 0, 0],
  ]);
  return {
    dir: '/nonexistent-graded',
    manifest: {} as PreparedData['manifest'],
    splits: { train, valid: split([]), test },
  };
}

const byDense: MultiTaskModel = {
  tasks: ['click'],
  architecture: 'shared-bottom',
  predict: (b) => Float32Array.from(b.dense),
  inspect: () => {
    throw new Error('unused');
  },
};

test('evaluateGraded() averages hand-computed NDCG@10 over eligible queries', () => {
  const e = evaluateGraded(byDense, dataset(), {
    column: 'relevance',
    objective: { kind: 'ctr' },
    seed: 1,
  });
  assert.equal(e.gainOffset, 1);
  assert.deepEqual([e.queries, e.single, e.noGain], [2, 1, 1]);
  // q1 gains a 2, b 0, c 1; ideal 2 + 1/log2 3.
  const ideal1 = 2 + 1 / L3;
  // Model: b, c, a.  q2 model: d (0), a (1).
  const model1 = 0 + 1 / L3 + 2 / 2;
  const model2 = 1 / L3;
  assert.ok(Math.abs(e.model - (model1 / ideal1 + model2) / 2) < EPS);
  // Two queries: the standard error of their mean is |x1 - x2| / 2.
  const se = Math.abs(model1 / ideal1 - model2) / 2;
  assert.ok(Math.abs(e.stderr.model - se) < EPS);
  // Popularity: q1 a (1 engagement) first, then c (seen once, 0
  // engagements), then b (unseen): the ideal order. q2: d (2) before a.
  assert.ok(Math.abs(e.popularity - (1 + 1 / L3) / 2) < EPS);
  assert.ok(e.random >= 0 && e.random <= 1);
  const lift = e.lift.popularity.mean;
  assert.ok(Math.abs(lift - (e.model - e.popularity)) < EPS);
});

test('evaluateGraded() names the evaluation columns it has when asked for another', () => {
  assert.throws(
    () =>
      evaluateGraded(byDense, dataset(), {
        column: 'grade',
        objective: { kind: 'ctr' },
        seed: 1,
      }),
    /no evaluation column "grade".*relevance/,
  );
});
