/**
 * Method `influence`: TracIn (Pruthi et al., 2020) over the saved epoch
 * checkpoints, with the exact gradients of each task's final linear layer,
 * against the validation split.
 */
import { UsageError } from '../errors.ts';
import { combineTasks } from './tasks.ts';
import type { Labelled, OnProgress, TaskScores } from './types.ts';
import { checkLabels, checkLength, checkTaskWeights } from './validate.ts';

/** What TracIn needs of one split at one checkpoint (see `Inspection`). */
export interface LastLayerView {
  /** rows x T predicted probabilities. */
  probs: Float32Array;
  /** rows x T x D inputs of each tower's final linear layer. */
  towerInputs: Float32Array;
  towerInputDim: number;
}

/** One saved checkpoint: its learning rate and both splits seen by it. */
export interface TracInCheckpoint {
  /** The learning rate of the epoch that ended at this checkpoint, > 0. */
  learningRate: number;
  train: LastLayerView;
  valid: LastLayerView;
}

/**
 * TracIn influence of every training sample on the mean validation loss.
 * At checkpoint c the last-layer gradient of task t for a row is
 * g_t = (p_t − y_t)·[a_t; 1]; with G_{c,t} = mean over validation rows of
 * g_t, the per-task influence is
 *
 *   I_t(z) = Σ_c η_c · g_{c,t}(z) · G_{c,t},
 *
 * the first-order decrease of the validation loss of task t caused by the
 * gradient steps taken on z. `combined` = Σ_t w_t²·I_t(z): the same
 * quantity for L = Σ_t w_t·L_t, since the towers' final layers are
 * disjoint and both gradients carry the weights. Positive = the sample
 * helps the validation loss (a proponent); negative = it hurts it (an
 * opponent, often mislabelled or off-distribution). Unbounded; the scale
 * follows the learning rates. Because the validation gradients are summed
 * first, it costs O(C·(N + V)·T·D), linear in both splits; memory
 * O(T·D).
 */
export function tracIn(
  trainLabels: Labelled,
  validLabels: Labelled,
  checkpoints: readonly TracInCheckpoint[],
  w: ArrayLike<number>,
  onProgress?: OnProgress,
): TaskScores {
  checkInputs(trainLabels, validLabels, checkpoints);
  checkTaskWeights(w, trainLabels.tasks);
  const { rows, tasks } = trainLabels;
  const acc = new Float64Array(rows * tasks);
  checkpoints.forEach((c, i) => {
    const dim = c.train.towerInputDim;
    const g = meanGradient(c.valid, validLabels, dim);
    addDots(c.train, trainLabels, dim, g, c.learningRate, acc);
    onProgress?.(i + 1, checkpoints.length, 'tracin');
  });
  const perTask = Float32Array.from(acc);
  const sq = Array.from(w, (x) => x * x);
  return { perTask, combined: combineTasks(perTask, tasks, sq, false) };
}

/** T x (D + 1): the mean over rows of (p − y)·[a; 1] per task. */
function meanGradient(
  view: LastLayerView,
  labels: Labelled,
  dim: number,
): Float64Array {
  const { rows, tasks } = labels;
  const g = new Float64Array(tasks * (dim + 1));
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < tasks; t++) {
      const i = r * tasks + t;
      const err = view.probs[i] - labels.labels[i];
      const a = i * dim;
      const o = t * (dim + 1);
      for (let k = 0; k < dim; k++) g[o + k] += err * view.towerInputs[a + k];
      g[o + dim] += err;
    }
  }
  if (rows > 0) for (let j = 0; j < g.length; j++) g[j] /= rows;
  return g;
}

/** acc[r, t] += η·(p − y)·([a; 1] · G_t) for every training row. */
function addDots(
  view: LastLayerView,
  labels: Labelled,
  dim: number,
  g: Float64Array,
  lr: number,
  acc: Float64Array,
): void {
  const { rows, tasks } = labels;
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < tasks; t++) {
      const i = r * tasks + t;
      const err = view.probs[i] - labels.labels[i];
      const a = i * dim;
      const o = t * (dim + 1);
      let dot = g[o + dim];
      for (let k = 0; k < dim; k++) dot += view.towerInputs[a + k] * g[o + k];
      acc[i] += lr * err * dot;
    }
  }
}

function checkInputs(
  train: Labelled,
  valid: Labelled,
  checkpoints: readonly TracInCheckpoint[],
): void {
  checkLabels('train labels', train);
  checkLabels('valid labels', valid);
  if (train.tasks !== valid.tasks) {
    throw new UsageError(
      `train has ${train.tasks} tasks but valid has ${valid.tasks}`,
    );
  }
  if (checkpoints.length === 0) {
    throw new UsageError(
      'influence needs at least one saved checkpoint; train with ' +
        'checkpoints kept for every epoch',
    );
  }
  checkpoints.forEach((c, i) => {
    const dim = c.train.towerInputDim;
    if (!(c.learningRate > 0) || c.valid.towerInputDim !== dim) {
      throw new UsageError(
        `checkpoint ${i}: need a learning rate > 0 (got ` +
          `${c.learningRate}) and one tower input size for both splits`,
      );
    }
    const t = train.tasks;
    checkLength(
      `checkpoint ${i} train probs`,
      c.train.probs,
      train.rows * t,
      'rows x T',
    );
    checkLength(
      `checkpoint ${i} valid probs`,
      c.valid.probs,
      valid.rows * t,
      'rows x T',
    );
    const tShape = 'rows x T x D';
    checkLength(
      `checkpoint ${i} train towerInputs`,
      c.train.towerInputs,
      train.rows * t * dim,
      tShape,
    );
    checkLength(
      `checkpoint ${i} valid towerInputs`,
      c.valid.towerInputs,
      valid.rows * t * dim,
      tShape,
    );
  });
}
