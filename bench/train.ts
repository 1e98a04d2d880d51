/**
 * Training and inference throughput of Winnow's trainer on the benchmark
 * model, side by side with the PyTorch reference on the same data.
 *
 *   node --import tsx bench/train.ts [--rows 200000] [--test-rows 50000]
 *        [--epochs 1] [--no-reference] [--threads 2]
 *
 * Model: 26 fields x 50,000 x 16 embeddings, 8 dense features, shared MLP
 * 424 -> 256 -> 128, two towers 128 -> 64 -> 1, Adam 1e-3 (lazy Adam for
 * the tables), batch 1024. Prints one JSON line per engine and the ratios.
 * Winnow's inference is measured twice: its own forward pass (predict) and
 * the exported graph on ONNX Runtime (infer_onnx, after one warm-up run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '../src/model/config.ts';
import { setKernelThreads } from '../src/model/kernels.ts';
import { taskMetrics } from '../src/model/metrics.ts';
import { createOnnxPredictor } from '../src/model/onnx/predictor.ts';
import { train } from '../src/model/trainer.ts';
import { makeSplit, writeBundle, type BundleSpec } from './train-bundle.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REFERENCE = resolve(here, '../../shared/bench/torch_reference.py');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Runs the speed benchmark; flags are read from the process arguments. */
export async function runTrainBench(): Promise<void> {
  const spec: BundleSpec = {
    fields: 26,
    vocab: 50_000,
    dense: 8,
    tasks: ['click', 'purchase'],
    trainRows: arg('rows', 200_000),
    testRows: arg('test-rows', 50_000),
    seed: 7,
  };
  const epochs = arg('epochs', 1);
  const threads = arg('threads', 2);
  const trainSplit = makeSplit(spec, spec.trainRows, 1);
  const testSplit = makeSplit(spec, spec.testRows, 2);
  setKernelThreads(threads);
  const winnow = await runWinnow(spec, trainSplit, testSplit, epochs, threads);
  console.log(JSON.stringify(winnow));
  if (process.argv.includes('--no-reference')) return;
  const ref = runReference(spec, trainSplit, testSplit, epochs, threads);
  if (!ref) return;
  console.log(JSON.stringify(ref));
  console.log(
    JSON.stringify({
      train_ratio: +(
        winnow.train_samples_per_s / ref.train_samples_per_s
      ).toFixed(3),
      infer_ratio: +(
        winnow.infer_samples_per_s / ref.infer_samples_per_s
      ).toFixed(3),
      infer_onnx_ratio: +(
        winnow.infer_onnx_samples_per_s / ref.infer_samples_per_s
      ).toFixed(3),
      load_average: +loadavg()[0].toFixed(2),
    }),
  );
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const verdict = (a: number, b: number) => (a >= b ? 'met' : 'MISSED');
  const lines = [
    `training ${ratio(winnow.train_samples_per_s, ref.train_samples_per_s)}` +
      ` the reference (target 1.0x): ` +
      verdict(winnow.train_samples_per_s, ref.train_samples_per_s),
    // Applications (rank, recommend, evaluate, serve) infer through ONNX
    // Runtime by default (engine "auto"); the built-in pass is the fallback.
    `inference, default engine (ONNX Runtime) ` +
      `${ratio(winnow.infer_onnx_samples_per_s, ref.infer_samples_per_s)}` +
      ` the reference (target 1.0x): ` +
      verdict(winnow.infer_onnx_samples_per_s, ref.infer_samples_per_s),
    `inference, built-in forward pass (fallback) ` +
      `${ratio(winnow.infer_samples_per_s, ref.infer_samples_per_s)}`,
  ];
  for (const line of lines) console.log(line);
}

async function runWinnow(
  spec: BundleSpec,
  trainSplit: ReturnType<typeof makeSplit>,
  testSplit: ReturnType<typeof makeSplit>,
  epochs: number,
  threads: number,
) {
  const config = makeConfig({
    architecture: 'shared-bottom',
    tasks: spec.tasks,
    vocabs: Array.from({ length: spec.fields }, () => spec.vocab),
    nDense: spec.dense,
    embDim: 16,
    hidden: [256, 128],
    tower: [64],
  });
  const start = performance.now();
  const res = await train({ train: trainSplit }, config, {
    epochs,
    batchSize: 1024,
    patience: 0,
    dynamics: 'none',
  });
  const trainS = (performance.now() - start) / 1000;
  const t0 = performance.now();
  const probs = res.model.predict(testSplit);
  const inferS = (performance.now() - t0) / 1000;
  const onnx = await createOnnxPredictor(res.model, threads);
  await onnx.predict(testSplit);
  const t1 = performance.now();
  await onnx.predict(testSplit);
  const onnxS = (performance.now() - t1) / 1000;
  await onnx.release();
  const m = taskMetrics(spec.tasks, probs, testSplit.labels, testSplit.user);
  return {
    engine: `winnow-ts-node${process.versions.node}`,
    threads,
    train_rows: spec.trainRows,
    epochs,
    train_samples_per_s: Math.round((spec.trainRows * epochs) / trainS),
    infer_samples_per_s: Math.round(spec.testRows / inferS),
    train_s: +trainS.toFixed(3),
    infer_s: +inferS.toFixed(3),
    infer_onnx_samples_per_s: Math.round(spec.testRows / onnxS),
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
    test_auc: Object.fromEntries(spec.tasks.map((t) => [t, m[t].auc])),
    test_logloss: Object.fromEntries(spec.tasks.map((t) => [t, m[t].logloss])),
  };
}

function runReference(
  spec: BundleSpec,
  trainSplit: ReturnType<typeof makeSplit>,
  testSplit: ReturnType<typeof makeSplit>,
  epochs: number,
  threads: number,
) {
  if (!existsSync(REFERENCE)) {
    console.error(`no reference at ${REFERENCE}; skipping it`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-'));
  try {
    writeBundle(dir, spec, trainSplit, testSplit);
    const out = execFileSync(
      existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
      [REFERENCE, dir, '--epochs', `${epochs}`, '--threads', `${threads}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return JSON.parse(out.trim().split('\n').pop() as string);
  } catch (e) {
    console.error(`reference failed: ${(e as Error).message}`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runTrainBench();
