/**
 * `winnow experiment`: for every budget and seed, train a small model on
 * each strategy's selection and on each baseline's, and evaluate it on the
 * untouched test split. Selection sees only the training split (scores
 * come from a reference model trained on train, valid for early stopping).
 * Finished runs are appended to RUN/runs.jsonl and skipped on restart.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedManifest, SplitArrays } from '../../data/types.ts';
import { UsageError } from '../../errors.ts';
import { makeConfig, type ModelConfig } from '../../model/config.ts';
import { writeAtomic } from '../../model/io.ts';
import type { TrainOptions } from '../../model/train-types.ts';
import { stratifiedRandom } from '../baselines.ts';
import { selectRows, strategyInput, subsetSplit } from '../select.ts';
import { DEFAULT_EXPERIMENT, type ExperimentOptions } from './options.ts';
import { checkScorers, referenceScores } from './reference.ts';
import {
  appendRun,
  readRuns,
  runKey,
  writeResults,
  type RunResult,
} from './results.ts';
import { summarize, type ExperimentSummary } from './summary.ts';
import { inlineRunner, workerRunner } from './pool.ts';

export interface ExperimentData {
  manifest: PreparedManifest;
  splits: { train: SplitArrays; valid: SplitArrays; test: SplitArrays };
}

export interface ExperimentHooks {
  /** Runs done of all runs; `label` names the current one. */
  onProgress?: (done: number, total: number, label?: string) => void;
  /** After each finished run (also called for runs skipped on resume). */
  onRun?: (r: RunResult, resumed: boolean) => void;
}

/** A planned run: what to select and how to name the result. */
interface Unit {
  scorer: string;
  strategy: string;
  keep: number;
  seed: number;
}

/** Runs (or resumes) the experiment into `dir`; returns every result. */
export async function runExperiment(
  data: ExperimentData,
  dir: string,
  options: Partial<ExperimentOptions> = {},
  hooks: ExperimentHooks = {},
): Promise<{ runs: RunResult[]; summary: ExperimentSummary }> {
  const o = { ...DEFAULT_EXPERIMENT, ...options };
  checkOptions(o);
  const tasks = data.manifest.tasks.map((t) => t.name);
  const mainTask = o.mainTask ?? tasks[tasks.length - 1];
  if (!tasks.includes(mainTask)) {
    throw new UsageError(`unknown main task ${mainTask}; have ${tasks}`);
  }
  const trainSplit = subsample(data.splits.train, o.maxTrainRows);
  // The validation split shrinks by the same fraction: it is scored after
  // every epoch of every run, a cost that would otherwise not shrink with
  // the budget and would hide what a smaller training set saves.
  const validSplit = subsample(
    data.splits.valid,
    Math.round(
      (data.splits.valid.rows * trainSplit.rows) / data.splits.train.rows,
    ),
  );
  const fingerprint =
    validSplit === data.splits.valid
      ? { trainRows: trainSplit.rows }
      : { trainRows: trainSplit.rows, validRows: validSplit.rows };
  // How many runs train at once changes no result: not part of identity.
  const identity: Partial<ExperimentOptions> = { ...o };
  delete identity.jobs;
  const head = { dataset: data.manifest.name, mainTask, options: identity };
  mkdirSync(dir, { recursive: true });
  checkFingerprint(dir, { ...head, ...fingerprint });
  const config = modelConfig(data.manifest, o);
  const trainOptions = (seed: number): Partial<TrainOptions> => ({
    epochs: o.model.epochs,
    batchSize: o.model.batch,
    seed,
    optimizer: { lr: o.model.lr },
    patience: o.model.patience,
    dynamics: 'none',
  });
  const done = new Map(readRuns(dir).map((r) => [runKey(r), r]));
  const units = plan(o);
  // Results in plan order whatever order runs finish in, so the written
  // results do not depend on how many ran at once.
  const results: (RunResult | undefined)[] = new Array(units.length);
  let finishedCount = 0;
  const finished = (i: number, r: RunResult, resumed: boolean) => {
    results[i] = r;
    finishedCount++;
    const runs = results.filter((x): x is RunResult => x !== undefined);
    writeResults(dir, head, runs, summarize(runs, mainTask));
    hooks.onRun?.(r, resumed);
  };
  const todo: number[] = [];
  for (const [i, u] of units.entries()) {
    const old = done.get(runKey(u));
    if (old) finished(i, old, true);
    else todo.push(i);
  }
  let scores: Awaited<ReturnType<typeof referenceScores>> | null = null;
  if (todo.some((i) => units[i].scorer !== 'none')) {
    hooks.onProgress?.(
      finishedCount,
      units.length,
      'reference model and scores',
    );
    scores = await referenceScores(
      { train: trainSplit, valid: validSplit },
      { ...config, seed: 0 },
      trainOptions(0),
      o.scorers,
    );
  }
  const shared = {
    train: trainSplit,
    valid: validSplit.rows > 0 ? validSplit : undefined,
    test: data.splits.test,
  };
  const jobs = Math.max(1, Math.min(o.jobs, todo.length));
  const runner = jobs > 1 ? workerRunner(shared, jobs) : inlineRunner(shared);
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const i = todo[next++];
      const u = units[i];
      hooks.onProgress?.(
        finishedCount,
        units.length,
        `${u.strategy} ${u.keep} seed ${u.seed}`,
      );
      const t0 = performance.now();
      const sel = selectRows(
        u.strategy === 'prune-reverse' ? 'prune' : (u.strategy as 'prune'),
        strategyInput(trainSplit, scores?.scores.get(u.scorer), scores?.noise),
        {
          keep: u.keep,
          seed: u.seed,
          reverse: u.strategy === 'prune-reverse',
        },
      );
      const selectSeconds = (performance.now() - t0) / 1000;
      const r = await runner.run({
        unit: u,
        keep: sel.keep,
        weights: sel.weights,
        config,
        options: trainOptions(u.seed),
      });
      const result = { ...r, selectSeconds };
      appendRun(dir, result);
      finished(i, result, false);
    }
  };
  try {
    // With workers, one lane more than workers: a run's rows are selected
    // (in this thread) while the workers train, not while one waits.
    const lanes = jobs > 1 ? jobs + 1 : 1;
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await runner.close();
  }
  hooks.onProgress?.(units.length, units.length, 'done');
  const runs = results.filter((x): x is RunResult => x !== undefined);
  return { runs, summary: summarize(runs, mainTask) };
}

/** Every run in order: per seed, full data, then every budget. */
function plan(o: ExperimentOptions): Unit[] {
  const units: Unit[] = [];
  for (let seed = 0; seed < o.seeds; seed++) {
    if (o.baselines.includes('full')) {
      units.push({ scorer: 'none', strategy: 'full', keep: 1, seed });
    }
    for (const keep of o.keep) {
      for (const b of o.baselines) {
        if (b !== 'full')
          units.push({ scorer: 'none', strategy: b, keep, seed });
      }
      for (const scorer of o.scorers) {
        for (const strategy of o.strategies) {
          units.push({ scorer, strategy, keep, seed });
        }
        if (o.reverse) {
          units.push({ scorer, strategy: 'prune-reverse', keep, seed });
        }
      }
    }
  }
  return units;
}

function checkOptions(o: ExperimentOptions): void {
  checkScorers(o.scorers);
  if (o.keep.some((k) => !(k > 0 && k < 1))) {
    throw new UsageError(`--keep fractions must be in (0, 1): ${o.keep}`);
  }
  if (!Number.isInteger(o.seeds) || o.seeds < 1) {
    throw new UsageError(`--seeds must be an integer >= 1: ${o.seeds}`);
  }
  if (!Number.isInteger(o.jobs) || o.jobs < 1) {
    throw new UsageError(`--jobs must be an integer >= 1: ${o.jobs}`);
  }
  for (const s of o.strategies) {
    if (s !== 'prune' && s !== 'resample' && s !== 'reweight') {
      throw new UsageError(
        `experiment strategies are prune, resample and reweight; got ${s}`,
      );
    }
  }
}

/** Refuses to resume a run directory made with other options. */
function checkFingerprint(dir: string, head: Record<string, unknown>): void {
  const file = join(dir, 'experiment.json');
  const text = JSON.stringify(head, null, 2) + '\n';
  if (existsSync(file) && readFileSync(file, 'utf8') !== text) {
    throw new UsageError(
      `${dir} holds an experiment with other options or data; use a new ` +
        '--out, or --restart to discard it',
    );
  }
  writeAtomic(file, text);
}

function modelConfig(m: PreparedManifest, o: ExperimentOptions): ModelConfig {
  const vocabs: number[] = [];
  let nDense = 0;
  for (const f of m.features) {
    if (f.kind === 'categorical') vocabs.push(f.vocab);
    else nDense++;
  }
  return makeConfig({
    architecture: o.model.arch,
    tasks: m.tasks.map((t) => t.name),
    vocabs,
    nDense,
    embDim: o.model.embDim,
    hidden: o.model.hidden,
    tower: o.model.tower,
  });
}

/** A seeded stratified subsample of at most `max` rows (0 = all). */
function subsample(s: SplitArrays, max: number): SplitArrays {
  if (!max || s.rows <= max) return s;
  const sel = stratifiedRandom(
    { labels: s.labels, tasks: s.nTasks, sampled: s.sampled },
    { keep: max / s.rows, seed: 8191 },
  );
  return subsetSplit(s, sel);
}
