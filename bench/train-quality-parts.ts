/**
 * Pieces of the quality benchmark (train-quality.ts): the cached prepared
 * dataset, the reference bundle of a prepared dataset, the PyTorch
 * reference run and the popularity baselines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PreparedManifest, SplitArrays } from '../src/data/types.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'winnow.js');
export const REFERENCE = resolve(ROOT, '../shared/bench/torch_reference.py');

/**
 * Prepares `preset` from `data` once into the system temp folder and
 * returns the prepared folder; `fresh` prepares it again.
 */
export function ensurePrepared(
  preset: string,
  data: string,
  fresh: boolean,
): { dir: string; seconds: number | null } {
  const dir = join(tmpdir(), 'winnow-bench-quality', preset);
  if (!fresh && existsSync(join(dir, 'manifest.json'))) {
    return { dir, seconds: null };
  }
  const part = `${dir}.part`;
  rmSync(part, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  process.stderr.write(`preparing ${preset} into ${dir} ...\n`);
  const started = performance.now();
  const args = ['prepare', '--preset', preset, '--data', data];
  const r = spawnSync(process.execPath, [CLI, ...args, '--out', part], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`prepare failed (${r.status})`);
  renameSync(part, dir);
  return { dir, seconds: (performance.now() - started) / 1000 };
}

function bytes(a: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Writes train and test of a prepared dataset as a reference bundle: the
 * categorical ids, dense features and labels, vocabulary sizes from the
 * manifest, and the per-sample weights when any differs from 1.
 */
export function writePreparedBundle(
  dir: string,
  manifest: PreparedManifest,
  train: SplitArrays,
  test: SplitArrays,
): void {
  mkdirSync(dir, { recursive: true });
  const fields = manifest.features.flatMap((f) =>
    f.kind === 'categorical' ? [f.vocab] : [],
  );
  const meta = {
    fields,
    dense: train.nDense,
    tasks: manifest.tasks.map((t) => t.name),
    train_rows: train.rows,
    test_rows: test.rows,
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  for (const [name, s] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeFileSync(join(dir, `${name}.ids.i32`), bytes(s.cat));
    if (s.nDense) writeFileSync(join(dir, `${name}.dense.f32`), bytes(s.dense));
    writeFileSync(join(dir, `${name}.labels.f32`), bytes(s.labels));
  }
  if (train.weights.some((w) => w !== 1)) {
    writeFileSync(join(dir, 'train.weights.f32'), bytes(train.weights));
  }
}

/** One engine's or baseline's outcome: test AUC per task and seconds. */
export interface Outcome {
  /** Test AUC per task, in [0, 1], higher is better. */
  auc: (number | null)[];
  /** Wall-clock seconds of training and scoring. */
  seconds: number;
  /** Test logloss per task, lower is better. */
  logloss?: number[];
}

/** What the reference prints (the fields this benchmark reads). */
interface ReferenceResult {
  engine: string;
  test_auc: Record<string, number | null>;
  test_logloss: Record<string, number>;
}

/**
 * Trains and scores the PyTorch reference with `args` on train and test of
 * the prepared dataset in `prepDir`; null when the reference is absent.
 * The result is kept next to the prepared data, keyed by the arguments and
 * the dataset, and reused unless `fresh` (the reference is slow).
 */
export function referenceOutcome(
  prepDir: string,
  manifest: PreparedManifest,
  train: SplitArrays,
  test: SplitArrays,
  args: string[],
  fresh: boolean,
): (Outcome & { engine: string; cached: boolean }) | null {
  if (!existsSync(REFERENCE)) {
    process.stderr.write(`no reference at ${REFERENCE}; skipping it\n`);
    return null;
  }
  const key = createHash('sha256')
    .update(JSON.stringify([args, manifest.rows, manifest.inputs]))
    .digest('hex')
    .slice(0, 16);
  const cache = `${prepDir}.reference-${key}.json`;
  if (!fresh && existsSync(cache)) {
    return { ...JSON.parse(readFileSync(cache, 'utf8')), cached: true };
  }
  const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-quality-'));
  try {
    writePreparedBundle(dir, manifest, train, test);
    const start = performance.now();
    const python = existsSync('/usr/bin/python3')
      ? '/usr/bin/python3'
      : 'python3';
    const out = execFileSync(python, [REFERENCE, dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seconds = (performance.now() - start) / 1000;
    const r = JSON.parse(out.trim().split('\n').pop() as string);
    const ref = r as ReferenceResult;
    const names = manifest.tasks.map((t) => t.name);
    const outcome = {
      engine: ref.engine,
      auc: names.map((t) => ref.test_auc[t]),
      logloss: names.map((t) => ref.test_logloss[t]),
      seconds,
      raw: r,
    };
    writeFileSync(cache, JSON.stringify(outcome));
    return { ...outcome, cached: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Popularity baselines of every task, as rows x T score matrices for
 * `test`: the item's number of positives in `train` (count), and its
 * positive rate in `train` shrunk towards the task's overall rate with
 * `prior` pseudo-samples (rate; an item unseen in train gets the overall
 * rate). Higher scores mean "more likely positive".
 */
export function popularityScores(
  train: SplitArrays,
  test: SplitArrays,
  prior = 10,
): { count: Float32Array; rate: Float32Array } {
  const T = train.nTasks;
  const items = Math.max(maxOf(train.item), maxOf(test.item)) + 1;
  const pos = new Float64Array(items * T);
  const seen = new Float64Array(items);
  const overall = new Float64Array(T);
  for (let r = 0; r < train.rows; r++) {
    const i = train.item[r];
    if (i < 0) continue;
    seen[i]++;
    for (let t = 0; t < T; t++) {
      const y = train.labels[r * T + t] >= 0.5 ? 1 : 0;
      pos[i * T + t] += y;
      overall[t] += y;
    }
  }
  for (let t = 0; t < T; t++) overall[t] /= Math.max(1, train.rows);
  const count = new Float32Array(test.rows * T);
  const rate = new Float32Array(test.rows * T);
  for (let r = 0; r < test.rows; r++) {
    const i = test.item[r];
    for (let t = 0; t < T; t++) {
      const p = i < 0 ? 0 : pos[i * T + t];
      const n = i < 0 ? 0 : seen[i];
      count[r * T + t] = p;
      rate[r * T + t] = (p + prior * overall[t]) / (n + prior);
    }
  }
  return { count, rate };
}

function maxOf(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
