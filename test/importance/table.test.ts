import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScoreTable } from '../../src/importance/table.ts';
import type { ScoredSamples } from '../../src/importance/scored.ts';
import { summarizeScores } from '../../src/importance/summary.ts';
import { labelled } from './fixtures.ts';

function samples(): ScoredSamples {
  return {
    sampleId: Int32Array.from([10, 11, 12, 13]),
    labels: labelled([
      [1, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]),
    taskNames: ['click', 'buy'],
    importance: Float32Array.from([0.1, 0.5, -0.2, 0.5]),
    noise: Float32Array.from([0.9, 0.2, 0.3, 0.4]),
    columns: new Map([['loss', Float32Array.from([3, 1, 2, 4])]]),
    user: Int32Array.from([0, 0, 1, 0]),
    userKeys: ['u-a', 'u-b'],
    item: Int32Array.from([2, 1, 0, 0]),
    itemKeys: ['i0', 'i1', 'i2'],
    category: Int32Array.from([5, 5, 6, -1]),
  };
}

test('buildScoreTable() sorts by importance, fixed columns first', () => {
  const t = buildScoreTable(samples());
  assert.deepEqual(t.names, [
    'sample_id',
    'importance',
    'rank',
    'noise',
    'loss',
    'user',
    'item',
    'label_click',
    'label_buy',
  ]);
  assert.deepEqual(
    [...(t.columns.get('sample_id') as Int32Array)],
    [11, 13, 10, 12],
  );
  assert.deepEqual([...(t.columns.get('rank') as Int32Array)], [1, 2, 3, 4]);
  assert.deepEqual([...(t.columns.get('loss') as Float32Array)], [1, 4, 3, 2]);
  assert.deepEqual(t.columns.get('user'), ['u-a', 'u-a', 'u-a', 'u-b']);
  assert.deepEqual(
    [...(t.columns.get('label_buy') as Int32Array)],
    [0, 0, 0, 1],
  );
});

test('buildScoreTable() rejects a short column and a reserved name', () => {
  const s = samples();
  assert.throws(
    () => buildScoreTable({ ...s, noise: new Float32Array(3) }),
    /noise has 3/,
  );
  const bad = { ...s, columns: new Map([['rank', new Float32Array(4)]]) };
  assert.throws(() => buildScoreTable(bad), /reserved/);
});

test('summarizeScores() groups by stratum, category and activity', () => {
  const sum = summarizeScores(samples(), { extremes: 1 });
  assert.equal(sum.rows, 4);
  assert.deepEqual(sum.columns, ['importance', 'noise', 'loss']);
  assert.equal(sum.distribution.loss.quantiles.p50, 2);
  assert.equal(sum.distribution.importance.max, 0.5);
  assert.deepEqual(Object.keys(sum.byStratum), [
    'click=0,buy=0',
    'click=1,buy=0',
    'click=1,buy=1',
  ]);
  assert.equal(sum.byStratum['click=0,buy=0'].rows, 2);
  assert.deepEqual(
    sum.byCategory.map((c) => [c.category, c.rows]),
    [
      [5, 2],
      [-1, 1],
      [6, 1],
    ],
  );
  assert.deepEqual(
    sum.byUserActivity.map((b) => [b.bucket, b.users, b.rows]),
    [
      ['1', 1, 1],
      ['2-4', 1, 3],
    ],
  );
  assert.equal(sum.top[0].sample_id, 11);
  assert.equal(sum.bottom[0].sample_id, 12);
  assert.deepEqual(sum.bottom[0].labels, { click: 1, buy: 1 });
});
