/**
 * Method `grand`: the gradient norm of each sample's loss (Paul et al.,
 * 2021), exact and in closed form: as the training step that visited the
 * sample in the last epoch measured it (`GradNorms`, recorded by train),
 * or at the final model's weights where no record applies.
 */
import { UsageError } from '../errors.ts';
import type { Labelled, TaskScores } from './types.ts';
import {
  checkLabels,
  checkLength,
  checkProbs,
  checkTaskWeights,
} from './validate.ts';

/**
 * GraNd from the model's exact per-task gradient norms (`Inspection.
 * gradNorm`, rows x T, with respect to the towers and the last shared
 * layer). `perTask` is that norm, in [0, ∞); `combined[r]` is
 * sqrt(Σ_t w_t²·g[r, t]²): the norm of the gradient of Σ_t w_t·ℓ_t over the
 * towers, which are disjoint per task, exact there; on the shared layer the
 * per-task gradients overlap and this treats them as orthogonal: exact
 * when they are, and never above Σ_t w_t·g_t, the triangle-inequality
 * bound of the true norm.
 * Higher means one step on this sample moves the model more. O(rows·T).
 */
export function grandScores(
  labels: Labelled,
  gradNorm: Float32Array,
  w: ArrayLike<number>,
): TaskScores {
  checkLabels('labels', labels);
  checkTaskWeights(w, labels.tasks);
  const { rows, tasks } = labels;
  checkLength('gradNorm', gradNorm, rows * tasks, 'rows x tasks');
  const perTask = Float32Array.from(gradNorm);
  const sq = new Float32Array(perTask.length);
  for (let i = 0; i < sq.length; i++) {
    if (!(perTask[i] >= 0)) {
      throw new UsageError(`gradNorm value ${i} is ${perTask[i]}; need >= 0`);
    }
    sq[i] = perTask[i] * perTask[i];
  }
  return { perTask, combined: weightedNorm(sq, tasks, w) };
}

/**
 * The closed-form gradient norm of each task's final linear layer alone:
 * the gradient of ℓ_t = BCE(σ(z), y) with respect to its weights and bias
 * is (p − y)·[a; 1], a the layer's input, so its norm is
 * |p − y|·sqrt(||a||² + 1). The towers' final layers are disjoint, so
 * `combined` = sqrt(Σ_t w_t²·norm_t²) is exact. Range [0, ∞), higher means
 * a larger step. O(rows·T·D).
 */
export function lastLayerGradNorm(
  labels: Labelled,
  probs: Float32Array,
  towerInputs: Float32Array,
  dim: number,
  w: ArrayLike<number>,
): TaskScores {
  checkLabels('labels', labels);
  checkTaskWeights(w, labels.tasks);
  const { rows, tasks } = labels;
  checkLength('probs', probs, rows * tasks, 'rows x tasks');
  checkProbs('probs', probs);
  checkLength('towerInputs', towerInputs, rows * tasks * dim, 'rows x T x D');
  const sq = new Float32Array(rows * tasks);
  const perTask = new Float32Array(rows * tasks);
  for (let i = 0; i < sq.length; i++) {
    let a2 = 1;
    for (let k = 0; k < dim; k++) a2 += towerInputs[i * dim + k] ** 2;
    const err = probs[i] - labels.labels[i];
    sq[i] = err * err * a2;
    perTask[i] = Math.sqrt(sq[i]);
  }
  return { perTask, combined: weightedNorm(sq, tasks, w) };
}

/** sqrt(Σ_t w_t²·sq[r, t]) per row. */
function weightedNorm(
  sq: Float32Array,
  tasks: number,
  w: ArrayLike<number>,
): Float32Array {
  const rows = sq.length / tasks;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t < tasks; t++) s += w[t] * w[t] * sq[r * tasks + t];
    out[r] = Math.sqrt(s);
  }
  return out;
}
