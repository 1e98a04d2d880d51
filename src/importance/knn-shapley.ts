/**
 * Method `knn-shapley`: the data Shapley value of each training sample for
 * a K-nearest-neighbour classifier on the learned representations, in
 * closed form (Jia et al., 2019, "Efficient task-specific data valuation
 * for nearest neighbor algorithms").
 */
import { UsageError } from '../errors.ts';
import { nearestNeighbours, type AnnOptions } from './ann.ts';
import { combineTasks } from './tasks.ts';
import type { Labelled, TaskScores } from './types.ts';
import { checkLabels, checkLength, checkTaskWeights } from './validate.ts';

/** Representations and labels of one split. */
export interface EmbeddedSplit {
  /** rows x dim, e.g. `Inspection.shared`. */
  vectors: Float32Array;
  labels: Labelled;
}

export interface KnnShapleyOptions extends AnnOptions {
  /** K of the KNN classifier whose accuracy is shared out. Default 5. */
  k?: number;
  /**
   * Training neighbours retrieved per validation point, M >= K. Default
   * 10·K. Training points outside a validation point's M nearest get 0
   * from it.
   */
  candidates?: number;
}

/**
 * KNN-Shapley values. For one validation point and task t, with its M
 * nearest training points α_1..α_M (nearest first) and m_i = 1 when α_i
 * has the validation point's label for t, the utility of a subset S is the
 * accuracy of the K-NN vote, U(S) = (1/K)·Σ_{j <= min(K, |S|)} m_{α_j(S)},
 * and its exact Shapley values over the M points follow the recursion
 *
 *   s_M = m_M / M,
 *   s_i = s_{i+1} + (m_i − m_{i+1}) / K · min(K, i) / i.
 *
 * `perTask[r, t]` sums s over the validation points, in about
 * [−V/K, V/K]; `combined` = Σ_t w_t·perTask[r, t], which is exactly the
 * Shapley value of the weighted utility Σ_t w_t·U_t (Shapley values are
 * linear in the utility). Positive = the sample helps its neighbours be
 * classified correctly (valuable); negative = it misleads them (harmful,
 * often mislabelled). With M equal to the training size and an exact
 * search this is the exact KNN-Shapley value; otherwise it is exact for
 * the game restricted to each validation point's M (approximate) nearest.
 *
 * Complexity (see `ann.ts`): projecting onto d = 32 principal axes
 * O(N·H·d), building the graph O(N·log N·d), V searches O(V·(log N·d +
 * M·H)) with the exact re-ranking of 2·M candidates, sorting them
 * O(V·M log M), the recursion O(V·M·T): O(N log N + V·M log M) in the
 * rows. Memory O(N·(H + d) + V·M). The candidates are exact in distance
 * but approximate in membership: a true neighbour the graph misses is
 * replaced by the next nearest found.
 */
export function knnShapley(
  train: EmbeddedSplit,
  valid: EmbeddedSplit,
  dim: number,
  w: ArrayLike<number>,
  options: KnnShapleyOptions = {},
): TaskScores {
  checkSplits(train, valid, dim);
  checkTaskWeights(w, train.labels.tasks);
  const k = options.k ?? 5;
  const wanted = options.candidates ?? 10 * k;
  if (!(Number.isInteger(k) && k >= 1 && Number.isInteger(wanted))) {
    throw new UsageError(`knn-shapley needs integer K >= 1, got ${k}`);
  }
  if (wanted < k) {
    throw new UsageError(`candidates (${wanted}) must be at least K (${k})`);
  }
  const m = Math.min(wanted, train.labels.rows);
  const tasks = train.labels.tasks;
  const perTask = new Float32Array(train.labels.rows * tasks);
  const done = (): TaskScores => ({
    perTask,
    combined: combineTasks(perTask, tasks, w, false),
  });
  if (m === 0 || valid.labels.rows === 0) return done();
  const nb = nearestNeighbours(train.vectors, valid.vectors, dim, m, options);
  const acc = new Float64Array(perTask.length);
  const s = new Float64Array(m);
  for (let v = 0; v < valid.labels.rows; v++) {
    const list = nb.index.subarray(v * m, (v + 1) * m);
    const found = list.indexOf(-1) < 0 ? m : list.indexOf(-1);
    for (let t = 0; t < tasks; t++) {
      const y = valid.labels.labels[v * tasks + t];
      shapleyOfList(list, found, k, t, tasks, train.labels.labels, y, s);
      for (let i = 0; i < found; i++) acc[list[i] * tasks + t] += s[i];
    }
  }
  perTask.set(acc);
  return done();
}

/**
 * The exact Shapley values s[0..n) of the K-NN utility over one sorted
 * neighbour list, for task t and validation label y.
 */
export function shapleyOfList(
  list: Int32Array,
  n: number,
  k: number,
  t: number,
  tasks: number,
  trainLabels: Float32Array,
  y: number,
  s: Float64Array,
): void {
  if (n === 0) return;
  const match = (i: number) => (trainLabels[list[i] * tasks + t] === y ? 1 : 0);
  let next = match(n - 1);
  s[n - 1] = next / n;
  for (let i = n - 2; i >= 0; i--) {
    const cur = match(i);
    const rank = i + 1;
    s[i] = s[i + 1] + ((cur - next) / k) * (Math.min(k, rank) / rank);
    next = cur;
  }
}

function checkSplits(
  train: EmbeddedSplit,
  valid: EmbeddedSplit,
  dim: number,
): void {
  checkLabels('train labels', train.labels);
  checkLabels('valid labels', valid.labels);
  if (train.labels.tasks !== valid.labels.tasks) {
    throw new UsageError(
      `train has ${train.labels.tasks} tasks but valid has ` +
        `${valid.labels.tasks}; score both with the same model`,
    );
  }
  checkLength(
    'train vectors',
    train.vectors,
    train.labels.rows * dim,
    'rows x H',
  );
  checkLength(
    'valid vectors',
    valid.vectors,
    valid.labels.rows * dim,
    'rows x H',
  );
}
