/**
 * Method `el2n`: the error L2 norm early in training (Paul et al., 2021),
 * carried to several tasks.
 */
import { UsageError } from '../errors.ts';
import type { DynamicsTensor, Labelled, TaskScores } from './types.ts';
import { checkDynamics, checkLabels, checkTaskWeights } from './validate.ts';

export interface El2nOptions {
  /**
   * How many of the first epochs to average, from 1 to the number of
   * epochs. Default: half of them, rounded down, at least 1.
   */
  earlyEpochs?: number;
}

/**
 * EL2N. For run k and early epoch e the error vector of row r is
 * e_t = p_t − y_t; `combined[r]` is the mean over runs and early epochs of
 * sqrt(Σ_t w_t·e_t²), in [0, sqrt(Σ_t w_t)]; `perTask[r, t]` is the mean of
 * |e_t|, in [0, 1]. Higher means the sample was still misfit early on:
 * hard, rare, or mislabelled. Several runs (seeds) reduce the noise of a
 * single run. O(runs·epochs·rows·T).
 */
export function el2nScores(
  labels: Labelled,
  runs: readonly DynamicsTensor[],
  w: ArrayLike<number>,
  options: El2nOptions = {},
): TaskScores {
  checkLabels('labels', labels);
  checkTaskWeights(w, labels.tasks);
  if (runs.length === 0) {
    throw new UsageError('el2n needs the dynamics of at least one run');
  }
  runs.forEach((d, k) => checkDynamics(`dynamics of run ${k}`, d, labels));
  const { rows, tasks } = labels;
  const perTask = new Float32Array(rows * tasks);
  const combined = new Float32Array(rows);
  let count = 0;
  for (const run of runs) {
    const early = earlyEpochCount(run.epochs, options.earlyEpochs);
    for (let e = 0; e < early; e++) {
      addEpoch(run.probs, e, labels, w, perTask, combined);
      count++;
    }
  }
  for (let i = 0; i < perTask.length; i++) perTask[i] /= count;
  for (let r = 0; r < rows; r++) combined[r] /= count;
  return { perTask, combined };
}

/** The number of early epochs used for a run of `epochs` epochs. */
export function earlyEpochCount(epochs: number, wanted?: number): number {
  if (wanted === undefined) return Math.max(1, Math.floor(epochs / 2));
  if (!(Number.isInteger(wanted) && wanted >= 1)) {
    throw new UsageError(`earlyEpochs must be an integer >= 1, got ${wanted}`);
  }
  return Math.min(wanted, epochs);
}

function addEpoch(
  probs: Float32Array,
  epoch: number,
  labels: Labelled,
  w: ArrayLike<number>,
  perTask: Float32Array,
  combined: Float32Array,
): void {
  const { rows, tasks } = labels;
  const base = epoch * rows * tasks;
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let t = 0; t < tasks; t++) {
      const i = r * tasks + t;
      const err = probs[base + i] - labels.labels[i];
      perTask[i] += Math.abs(err);
      sq += w[t] * err * err;
    }
    combined[r] += Math.sqrt(sq);
  }
}
