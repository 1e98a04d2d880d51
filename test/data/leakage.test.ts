import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { guardLeakage, rankAuc } from '../../src/data/leakage.ts';
import { Rng } from '../../src/util/rng.ts';
import {
  splitByHash,
  splitByTime,
  splitGiven,
  TEST,
  TRAIN,
  VALID,
} from '../../src/data/split.ts';
import { DataError } from '../../src/errors.ts';
import { runPrepare, withTemp, writeLines } from './fixtures.ts';

/** AUC by comparing every positive with every negative. */
function pairwiseAuc(score: number[], y: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (!y[i]) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j]) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('rankAuc() equals the pairwise AUC, ties included', () => {
  const rng = new Rng(9);
  const score = Array.from({ length: 200 }, () => rng.int(12));
  const y = score.map((s) => (rng.next() < s / 15 ? 1 : 0));
  assert.ok(Math.abs(rankAuc(score, y) - pairwiseAuc(score, y)) < 1e-12);
});

/** A per-row labelled log with a numeric attribute `copy`. */
function labelled(dir: string, copy: (click: number, i: number) => number) {
  const lines = ['user,item,click,copy,noise'];
  const rng = new Rng(4);
  for (let i = 0; i < 400; i++) {
    const click = rng.next() < 0.3 ? 1 : 0;
    lines.push(
      `u${i % 37},i${i % 23},${click},${copy(click, i)},${rng.next()}`,
    );
  }
  return writeLines(dir, 'events.csv', lines);
}

function leakConfig(path: string, numeric: string[]) {
  return {
    events: { path, user: 'user', item: 'item', attributes: { numeric } },
    tasks: [{ name: 'click', column: 'click' }],
  };
}

test('prepare() stops naming the feature that copies a label, leaving no output', async () => {
  await withTemp(async (dir) => {
    const path = labelled(dir, (click) => click);
    const parent = join(dir, 'runs');
    mkdirSync(parent);
    const out = join(parent, 'out');
    await assert.rejects(
      runPrepare(leakConfig(path, ['noise', 'copy']), out),
      (e: unknown) => {
        assert.ok(e instanceof DataError);
        assert.equal(e.where.column, 'event_copy');
        assert.match(
          e.message,
          /feature "event_copy" predicts the label "click"/,
        );
        assert.match(e.message, /AUC 1\.0000/);
        return true;
      },
    );
    assert.deepEqual(readdirSync(parent), [], 'no output, no temp folders');
    // The same log without the copy prepares fine.
    const ok = await runPrepare(leakConfig(path, ['noise']), out);
    assert.ok(ok.manifest.rows.train > 0);
  });
});

test('prepare() also catches a feature that is the label reversed', async () => {
  await withTemp(async (dir) => {
    const path = labelled(dir, (click, i) => (1 - click) * 10 + (i % 2));
    await assert.rejects(
      runPrepare(leakConfig(path, ['copy']), join(dir, 'out')),
      /feature "event_copy" predicts the label "click".*AUC 0\.0000/,
    );
  });
});

test('guardLeakage() looks at the training split only', () => {
  const y = Uint8Array.from([0, 1, 0, 1, 1, 0]);
  const split = Uint8Array.from([0, 0, 0, 0, 1, 1]);
  // Perfect on the two valid rows, useless on train.
  const values = Float32Array.from([1, 1, 2, 2, 9, 0]);
  const cand = [{ name: 'f', values, categorical: false }];
  guardLeakage(cand, [{ name: 'y', values: y }], split, 0.99);
  values[1] = 3;
  values[3] = 3;
  assert.throws(
    () => guardLeakage(cand, [{ name: 'y', values: y }], split, 0.99),
    /feature "f"/,
  );
});

test('splitByTime() puts the latest samples in test, ties in the later split', () => {
  const ts = Float64Array.from([5, 1, 2, 3, 4, 6, 7, 8, 9, 9]);
  const plan = splitByTime(ts, 0.2, 0.2);
  // Sorted 1..9, 9: valid from the 7th value (7), test from the 9th (9).
  assert.deepEqual(
    [...plan.split],
    [TRAIN, TRAIN, TRAIN, TRAIN, TRAIN, TRAIN, VALID, VALID, TEST, TEST],
  );
  // Valid starts at 2: every sample at time 2 goes to valid, none to train.
  const tie = splitByTime(Float64Array.from([1, 2, 2, 2, 3]), 0.2, 0.2);
  assert.deepEqual([...tie.split], [TRAIN, VALID, VALID, VALID, TEST]);
});

test('splitByHash() is seeded and gives the configured shares', () => {
  const users = new Int32Array(20_000);
  const a = splitByHash(users, 0.1, 0.2, 1).split;
  const b = splitByHash(users, 0.1, 0.2, 1).split;
  const c = splitByHash(users, 0.1, 0.2, 2).split;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const share = (s: number) => a.filter((x) => x === s).length / a.length;
  // Binomial standard error at n = 20000 is about 0.003.
  assert.ok(Math.abs(share(VALID) - 0.1) < 0.015, `${share(VALID)}`);
  assert.ok(Math.abs(share(TEST) - 0.2) < 0.015, `${share(TEST)}`);
});

test('splitGiven() maps split names and synonyms', () => {
  const plan = splitGiven(['train', 'val', 'validation', 'test', 'valid']);
  assert.deepEqual([...plan.split], [TRAIN, VALID, VALID, TEST, VALID]);
});

test('guardLeakage() on a large split checks a subset and skips ids too rare to judge', () => {
  const n = 300_000;
  const rng = new Rng(2);
  const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.2 ? 1 : 0));
  const split = new Uint8Array(n);
  const labels = [{ name: 'y', values: y }];
  // One id per row: its label mean is the label, yet it is no leak.
  const unique = Int32Array.from({ length: n }, (_, i) => i);
  const noise = Float32Array.from({ length: n }, () => rng.next());
  guardLeakage(
    [
      { name: 'row_id', values: unique, categorical: true },
      { name: 'noise', values: noise, categorical: false },
    ],
    labels,
    split,
    0.995,
  );
  const copy = Float32Array.from(y, (v, i) => v + (i % 3) * 0.1);
  assert.throws(
    () =>
      guardLeakage(
        [{ name: 'copy', values: copy, categorical: false }],
        labels,
        split,
        0.995,
      ),
    /feature "copy" predicts the label "y"/,
  );
});
