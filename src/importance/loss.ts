/**
 * Method `loss`: the per-sample loss under the final model.
 */
import { bce } from './prob.ts';
import { combineTasks } from './tasks.ts';
import type { Labelled, TaskScores } from './types.ts';
import {
  checkLabels,
  checkLength,
  checkProbs,
  checkTaskWeights,
} from './validate.ts';

/**
 * Per-sample loss. `perTask[r, t]` is the binary cross-entropy
 * −[y·ln p + (1 − y)·ln(1 − p)] of task t (p clipped to [1e-7, 1 − 1e-7]),
 * in [0, about 16.1]; `combined[r]` is Σ_t w_t·loss[r, t], the sample's
 * share of L = L_ctr + λ·L_cvr. Sample weights are left out: they belong to
 * the optimiser, not to how surprising the sample is. Higher means the
 * model finds the sample harder (informative, or mislabelled). O(rows·T).
 *
 * @example lossScores({ rows: 1, tasks: 1, labels }, probs, [1])
 */
export function lossScores(
  labels: Labelled,
  probs: Float32Array,
  w: ArrayLike<number>,
): TaskScores {
  checkLabels('labels', labels);
  checkLength('probs', probs, labels.rows * labels.tasks, 'rows x tasks');
  checkProbs('probs', probs);
  checkTaskWeights(w, labels.tasks);
  const perTask = new Float32Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    perTask[i] = bce(probs[i], labels.labels[i]);
  }
  return { perTask, combined: combineTasks(perTask, labels.tasks, w, false) };
}
