import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PreparedManifest, SplitArrays } from '../../src/data/types.ts';
import { runExperiment } from '../../src/strategies/experiment/run.ts';
import type { ExperimentOptions } from '../../src/strategies/experiment/options.ts';
import { Rng } from '../../src/util/rng.ts';

/** A split where click depends on the item and purchase on click. */
function split(rows: number, seed: number): SplitArrays {
  const rng = new Rng(seed);
  const cat = new Int32Array(rows * 2);
  const dense = new Float32Array(rows);
  const labels = new Float32Array(rows * 2);
  const user = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    cat[r * 2] = 1 + rng.int(9);
    cat[r * 2 + 1] = 1 + rng.int(4);
    dense[r] = rng.normal();
    user[r] = rng.int(20);
    const click = rng.next() < 0.1 + 0.05 * cat[r * 2] ? 1 : 0;
    labels[r * 2] = click;
    labels[r * 2 + 1] = click && rng.next() < 0.3 ? 1 : 0;
  }
  return {
    rows,
    sampleId: Int32Array.from({ length: rows }, (_, i) => seed * 1e5 + i),
    cat,
    nCat: 2,
    dense,
    nDense: 1,
    labels,
    nTasks: 2,
    weights: new Float32Array(rows).fill(1),
    user,
    item: Int32Array.from({ length: rows }, (_, r) => cat[r * 2]),
    userKeys: [],
    itemKeys: [],
    category: Int32Array.from({ length: rows }, (_, r) => cat[r * 2 + 1]),
    time: new Float64Array(rows).fill(NaN),
    sampled: new Uint8Array(rows),
    evalColumns: {},
  };
}

const manifest = {
  name: 'tiny',
  tasks: [
    { name: 'click', positiveRate: {}, from: '' },
    { name: 'purchase', positiveRate: {}, from: '' },
  ],
  features: [
    { name: 'item', kind: 'categorical', vocab: 10, hashed: false, source: '' },
    { name: 'cat', kind: 'categorical', vocab: 5, hashed: false, source: '' },
    { name: 'x', kind: 'numeric', mean: 0, std: 1, source: '' },
  ],
} as unknown as PreparedManifest;

const options: Partial<ExperimentOptions> = {
  scorers: ['loss'],
  keep: [0.5],
  seeds: 1,
  strategies: ['prune', 'resample'],
  baselines: ['full', 'random'],
  reverse: true,
  model: {
    arch: 'shared-bottom',
    embDim: 4,
    hidden: [8],
    tower: [4],
    epochs: 1,
    batch: 64,
    lr: 0.01,
    patience: 0,
  },
};

const data = () => ({
  manifest,
  splits: { train: split(600, 1), valid: split(200, 2), test: split(200, 3) },
});

test('runExperiment() resumes: finished runs are skipped, lost ones redone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  try {
    const first = await runExperiment(data(), dir, options);
    assert.equal(first.runs.length, 5);
    const fresh: string[] = [];
    const again = await runExperiment(data(), dir, options, {
      onRun: (r, resumed) => resumed || fresh.push(r.strategy),
    });
    assert.deepEqual(fresh, []);
    assert.deepEqual(again.runs, first.runs);
    // Lose the last finished run (as if interrupted): only it is redone.
    const file = join(dir, 'runs.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, lines.slice(0, -1).join('\n') + '\n{"cut');
    const redone: string[] = [];
    await runExperiment(data(), dir, options, {
      onRun: (r, resumed) => resumed || redone.push(r.strategy),
    });
    assert.deepEqual(redone, ['prune-reverse']);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').split('\n');
    assert.equal(
      csv[0],
      'scorer,strategy,keep,seed,task,auc,gauc,logloss,seconds,rows',
    );
    assert.equal(csv.filter((l) => l.trim()).length, 1 + 5 * 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runExperiment() selections ignore the test split entirely', async () => {
  const a = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  const b = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  try {
    const plain = await runExperiment(data(), a, options);
    const other = data();
    // A test split with other features and labels (NaN labels included).
    other.splits.test = split(200, 9);
    other.splits.test.labels[0] = NaN;
    const changed = await runExperiment(other, b, options);
    const hashes = (rs: typeof plain.runs) => rs.map((r) => r.selection);
    assert.deepEqual(hashes(changed.runs), hashes(plain.runs));
    assert.notDeepEqual(
      changed.runs.map((r) => r.test.click.auc),
      plain.runs.map((r) => r.test.click.auc),
    );
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('runExperiment() refuses a run directory made with other options', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  try {
    await runExperiment(data(), dir, { ...options, strategies: ['prune'] });
    await assert.rejects(runExperiment(data(), dir, options), /other options/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runExperiment() with maxTrainRows shrinks valid by the same fraction', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  try {
    const res = await runExperiment(data(), dir, {
      ...options,
      maxTrainRows: 300,
    });
    const head = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
    // 600 train rows to 300: the 200 valid rows go to about 100 (the
    // stratified draw rounds per stratum).
    assert.ok(Math.abs(head.trainRows - 300) <= 4, `${head.trainRows}`);
    assert.ok(Math.abs(head.validRows - 100) <= 4, `${head.validRows}`);
    const full = res.runs.find((r) => r.strategy === 'full')!;
    assert.equal(full.rows, head.trainRows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runExperiment() on worker threads gives the runs of one thread, in plan order', async () => {
  const one = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  const two = mkdtempSync(join(tmpdir(), 'winnow-exp-'));
  try {
    const serial = await runExperiment(data(), one, { ...options, jobs: 1 });
    const pooled = await runExperiment(data(), two, { ...options, jobs: 2 });
    // Everything but the wall times: selections, epochs and test metrics.
    const strip = (rs: typeof serial.runs) =>
      rs.map(({ seconds: _s, selectSeconds: _t, ...rest }) => rest);
    assert.deepEqual(strip(pooled.runs), strip(serial.runs));
    // A directory made with one job count resumes under another.
    const resumed: boolean[] = [];
    await runExperiment(
      data(),
      two,
      { ...options, jobs: 1 },
      {
        onRun: (_r, wasResumed) => resumed.push(wasResumed),
      },
    );
    assert.deepEqual(resumed, [true, true, true, true, true]);
  } finally {
    rmSync(one, { recursive: true, force: true });
    rmSync(two, { recursive: true, force: true });
  }
});
