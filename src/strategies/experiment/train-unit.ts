/**
 * One run of an experiment: train on the selected rows of the training
 * split, then measure the model on the test split. Runs in the main thread
 * or in a worker (see pool.ts); either way the result is the same.
 */
import type { SplitArrays } from '../../data/types.ts';
import type { ModelConfig } from '../../model/config.ts';
import { taskMetrics } from '../../model/metrics.ts';
import type { TrainOptions } from '../../model/train-types.ts';
import { train } from '../../model/trainer.ts';
import { subsetSplit } from '../select.ts';
import type { RunResult } from './results.ts';
import { selectionHash } from './results.ts';

/** The splits every run of an experiment shares. */
export interface UnitData {
  train: SplitArrays;
  valid?: SplitArrays;
  test: SplitArrays;
}

/** What a run needs beyond the shared splits. */
export interface UnitJob {
  unit: Pick<RunResult, 'scorer' | 'strategy' | 'keep' | 'seed'>;
  /** Kept training rows and their weights, aligned. */
  keep: Int32Array;
  weights: Float32Array;
  config: ModelConfig;
  options: Partial<TrainOptions>;
}

export type UnitResult = Omit<RunResult, 'selectSeconds'>;

export async function trainUnit(
  data: UnitData,
  job: UnitJob,
): Promise<UnitResult> {
  const { unit, keep, weights } = job;
  const subset = subsetSplit(data.train, { keep, weights });
  const start = performance.now();
  const result = await train(
    { train: subset, valid: data.valid },
    { ...job.config, seed: unit.seed },
    job.options,
  );
  const seconds = (performance.now() - start) / 1000;
  const test = data.test;
  const metrics = taskMetrics(
    job.config.tasks,
    result.model.predict(test),
    test.labels,
    test.user,
  );
  return {
    ...unit,
    rows: subset.rows,
    epochs: result.history.length,
    seconds,
    selection: selectionHash(keep, weights),
    test: Object.fromEntries(
      Object.entries(metrics).map(([t, m]) => [
        t,
        { auc: m.auc, gauc: m.gauc, logloss: m.logloss },
      ]),
    ),
  };
}

/**
 * A split without its key strings, which training never reads: a worker
 * receives a copy of every split, and millions of strings would cost more
 * to copy than the numbers.
 */
export function withoutKeys(s: SplitArrays): SplitArrays {
  return { ...s, userKeys: [], itemKeys: [] };
}
