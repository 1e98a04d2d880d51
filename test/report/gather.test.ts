import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataError, UsageError } from '../../src/errors.ts';
import { lit, openEngine } from '../../src/data/duck.ts';
import { buildCharts } from '../../src/report/charts.ts';
import { gatherReport } from '../../src/report/gather.ts';
import { renderReport } from '../../src/report/render.ts';
import { TABLE_ROWS } from '../../src/report/gather/scores.ts';
import { Rng } from '../../src/util/rng.ts';

/** Tolerance for means computed by DuckDB against float64 in JS. */
const EPS = 1e-9;
const ROWS = 600;

/** A row in the layout `winnow score` writes, plus a category column. */
interface ScoreRow {
  sample_id: number;
  importance: number;
  rank: number;
  noise: number;
  loss: number;
  loss_click: number;
  confidence: number;
  variability: number;
  correctness: number;
  user: string;
  item: string;
  category: string;
  label_click: number;
}

function scoreRows(): ScoreRow[] {
  const rng = new Rng(11);
  return Array.from({ length: ROWS }, (_, i) => ({
    sample_id: 1000 + i,
    importance: Math.round(rng.next() * 1e6) / 1e6,
    rank: i + 1,
    noise: rng.next(),
    loss: rng.next() * 3,
    loss_click: rng.next() * 3,
    confidence: rng.next(),
    variability: rng.next() / 2,
    correctness: rng.next(),
    user: `u${Math.floor(i ** 0.7) % 40}`,
    item: `i${rng.int(30)}`,
    category: `c${rng.int(5)}`,
    label_click: rng.next() < 0.3 ? 1 : 0,
  }));
}

function csv(rows: ScoreRow[]): string {
  const cols = Object.keys(rows[0]) as (keyof ScoreRow)[];
  const lines = rows.map((r) => cols.map((c) => r[c]).join(','));
  return [cols.join(','), ...lines].join('\n') + '\n';
}

async function writeRun(
  dir: string,
  rows: ScoreRow[],
  withCategory = true,
): Promise<void> {
  const put = async (file: string, body: unknown) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    await writeFile(path.join(dir, file), text);
  };
  await put('prepared/manifest.json', {
    name: 'tiny',
    rows: { train: 600, valid: 100, test: 120 },
    tasks: [{ name: 'click', positiveRate: { train: 0.3, test: 0.28 } }],
  });
  await put('prepared/quality.json', {
    repairs: [
      { table: 'events', reason: 'duplicate', count: 4, action: 'dropped' },
      { table: 'items', reason: 'duplicate', count: 2, action: 'dropped' },
    ],
  });
  await put('model/model.json', { config: { arch: 'esmm' } });
  await put('model/metrics.json', {
    test: { click: { auc: 0.7, gauc: 0.6, logloss: 0.5, calibration: null } },
    history: [{ epoch: 1, trainLoss: 0.6, valid: { click: { auc: 0.65 } } }],
  });
  const table = withCategory
    ? rows
    : rows.map(({ category: _, ...rest }) => rest as ScoreRow);
  await put('scores/scores.csv', csv(table));
  await put('scores/summary.json', {
    byCategory: [{ category: 7, rows: 40, meanImportance: 0.5 }],
  });
  await put('experiment/results.json', {
    runs: [
      { scorer: 'full', keep: 1, seed: 1, seconds: 10, test: { click: 0.7 } },
      { scorer: 'loss', keep: 0.5, seed: 1, seconds: 5, test: { click: 0.69 } },
    ],
  });
  await put('segments.json', [
    { name: 'heavy', size: 12, topCategories: ['c1'], conversion: 0.1 },
  ]);
}

async function withDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winnow-gather-'));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('gatherReport() reads every artifact of a run directory', async () => {
  const rows = scoreRows();
  const report = await withDir(async (dir) => {
    await writeRun(dir, rows);
    return gatherReport(dir);
  });
  assert.equal(report.title, 'tiny');
  assert.deepEqual(report.data?.repairs, [{ reason: 'duplicate', count: 6 }]);
  assert.deepEqual(report.data?.tasks[0].rate, { train: 0.3, test: 0.28 });
  assert.equal(report.model?.arch, 'esmm');
  assert.equal(report.model?.metrics[0].calibration, undefined);
  assert.deepEqual(report.model?.history, [
    { epoch: 1, trainLoss: 0.6, task: 'click', validAuc: 0.65 },
  ]);
  assert.deepEqual(report.effect?.fullData, [
    { task: 'click', auc: 0.7, seconds: 10 },
  ]);
  assert.equal(report.effect?.curves.length, 1);
  assert.equal(report.users?.segments[0].name, 'heavy');

  const imp = report.importance!;
  assert.deepEqual(Object.keys(imp.methods).sort(), [
    'importance',
    'loss',
    'noise',
  ]);
  assert.equal(imp.methods.loss.length, ROWS);
  assert.equal(imp.cartography.length, ROWS);
  assert.equal(imp.noiseVsLabel.length, ROWS);

  // Category means against a direct computation.
  for (const g of imp.byCategory) {
    const members = rows.filter((r) => r.category === g.group);
    const mean = members.reduce((a, r) => a + r.importance, 0) / g.n;
    assert.equal(g.n, members.length);
    assert.ok(Math.abs(g.mean - mean) < EPS, g.group);
  }
  const total = (xs: { n: number }[]) => xs.reduce((a, x) => a + x.n, 0);
  assert.equal(total(imp.byUserActivity), ROWS);
  assert.equal(total(imp.byItemPopularity), ROWS);

  // Every chart the gathered data allows is built and the page renders.
  assert.equal(buildCharts(report).length, 14);
  assert.match(renderReport(report), /id="importance-cartography"/);
});

test('gatherReport() tables the top and bottom samples', async () => {
  const rows = scoreRows();
  const report = await withDir(async (dir) => {
    await writeRun(dir, rows);
    return gatherReport(dir);
  });
  const samples = report.samples!;
  assert.deepEqual(samples.columns.slice(0, 3), [
    'sample_id',
    'group',
    'importance',
  ]);
  assert.equal(samples.rows.length, 2 * TABLE_ROWS);
  const values = samples.rows.map((r) => r[2] as number);
  const sorted = rows.map((r) => r.importance).sort((a, b) => b - a);
  assert.deepEqual(values.slice(0, TABLE_ROWS), sorted.slice(0, TABLE_ROWS));
  assert.deepEqual(values.slice(TABLE_ROWS), sorted.slice(-TABLE_ROWS));
  assert.equal(samples.rows[0][1], 'top');
  assert.equal(samples.rows.at(-1)![1], 'bottom');
});

test('gatherReport() takes categories from summary.json if the table has none', async () => {
  const report = await withDir(async (dir) => {
    await writeRun(dir, scoreRows(), false);
    return gatherReport(dir);
  });
  assert.deepEqual(report.importance?.byCategory, [
    { group: '7', mean: 0.5, n: 40 },
  ]);
});

/** Rewrites the run's scores.csv as scores.parquet with DuckDB. */
async function csvToParquet(dir: string): Promise<void> {
  const csvFile = path.join(dir, 'scores', 'scores.csv');
  const engine = await openEngine(dir, { threads: 1 });
  try {
    await engine.conn.run(
      `COPY (SELECT * FROM read_csv(${lit(csvFile)})) TO ` +
        `${lit(path.join(dir, 'scores', 'scores.parquet'))} (FORMAT parquet)`,
    );
  } finally {
    engine.close();
  }
  await rm(csvFile);
}

test('gatherReport() reads scores.parquet as it reads scores.csv', async () => {
  const [fromCsv, fromParquet] = await withDir(async (dir) => {
    await writeRun(dir, scoreRows());
    const a = await gatherReport(dir);
    await csvToParquet(dir);
    return [a, await gatherReport(dir)];
  });
  assert.deepEqual(fromParquet.importance, fromCsv.importance);
  assert.deepEqual(fromParquet.samples, fromCsv.samples);
});

test('gatherReport() of an empty directory has no sections', async () => {
  const report = await withDir((dir) => gatherReport(dir));
  for (const key of ['data', 'model', 'importance', 'effect', 'users']) {
    assert.equal(report[key as keyof typeof report], undefined, key);
  }
});

test('gatherReport() rejects a missing directory and broken JSON', async () => {
  await assert.rejects(gatherReport('/no/such/run/dir'), UsageError);
  await withDir(async (dir) => {
    await mkdir(path.join(dir, 'model'));
    await writeFile(path.join(dir, 'model', 'metrics.json'), '{"auc": 0.');
    await assert.rejects(gatherReport(dir), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /metrics\.json/);
      return true;
    });
  });
});
