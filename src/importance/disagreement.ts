/**
 * kNN label disagreement, a signal of `noise`: how many of a sample's
 * nearest neighbours in the learned representation space carry another
 * label. A lone positive among negatives that look the same to the model
 * is more likely a mislabelled row than a real exception.
 */
import { nearestNeighbours, type AnnOptions } from './ann.ts';
import { combineTasks } from './tasks.ts';
import type { Labelled, TaskScores } from './types.ts';
import { checkLabels, checkLength, checkTaskWeights } from './validate.ts';

/**
 * `perTask[r, t]`: the fraction of row r's k nearest other rows (default
 * 10) whose label for task t differs from r's, in [0, 1]; `combined`: the
 * task-weighted mean. Higher = the neighbourhood disagrees = more likely
 * mislabelled. O(n·log n·H + n·k·T) (see `nearestNeighbours`).
 */
export function knnLabelDisagreement(
  vectors: Float32Array,
  dim: number,
  labels: Labelled,
  w: ArrayLike<number>,
  options: AnnOptions & { k?: number } = {},
): TaskScores {
  checkLabels('labels', labels);
  checkTaskWeights(w, labels.tasks);
  checkLength('vectors', vectors, labels.rows * dim, 'rows x H');
  const k = options.k ?? 10;
  const { rows, tasks } = labels;
  const y = labels.labels;
  const nb = nearestNeighbours(vectors, vectors, dim, k, {
    ...options,
    excludeSelf: true,
  });
  const perTask = new Float32Array(rows * tasks);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < tasks; t++) {
      let differ = 0;
      let m = 0;
      for (let j = 0; j < k; j++) {
        const other = nb.index[r * k + j];
        if (other < 0) break;
        m++;
        if (y[other * tasks + t] !== y[r * tasks + t]) differ++;
      }
      perTask[r * tasks + t] = m ? differ / m : 0;
    }
  }
  return { perTask, combined: combineTasks(perTask, tasks, w, true) };
}
