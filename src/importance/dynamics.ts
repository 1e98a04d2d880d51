/**
 * Method `dynamics`: how the model's belief in each label moved across
 * epochs. Dataset cartography (Swayamdipta et al., 2020), forgetting events
 * (Toneva et al., 2019) and the area under the margin (Pleiss et al., 2020),
 * each per task, for binary labels.
 */
import { logit } from './prob.ts';
import { combineTasks } from './tasks.ts';
import type { DynamicsTensor, Labelled, TaskScores } from './types.ts';
import { checkDynamics, checkLabels, checkTaskWeights } from './validate.ts';

/**
 * Training-dynamics scores; every field is per task plus a task-weighted
 * mean Σ_t w_t·x_t / Σ_t w_t.
 */
export interface DynamicsScores {
  /**
   * Mean over epochs of the probability given to the sample's own label,
   * q_e = y·p_e + (1 − y)·(1 − p_e). In [0, 1]; low means the model
   * disagreed with the label (hard or mislabelled).
   */
  confidence: TaskScores;
  /**
   * Population standard deviation of q_e over epochs, in [0, 0.5]. High
   * means ambiguous (the model kept changing its mind): informative samples.
   */
  variability: TaskScores;
  /**
   * Fraction of epochs whose thresholded prediction (p >= 0.5) matched the
   * label, in [0, 1].
   */
  correctness: TaskScores;
  /**
   * Forgetting events: transitions from correct at epoch e to incorrect at
   * epoch e + 1. A sample never classified correctly gets `epochs` (more
   * than any reachable count, ⌊epochs/2⌋), as unlearnable samples are the
   * most forgettable. Higher means less stable, more important.
   */
  forgetting: TaskScores;
  /**
   * Area under the margin: the mean over epochs of the margin between the
   * logit of the given label and the logit of the other one. With a sigmoid
   * output this is (2y − 1)·logit(p_e), in about [−16.1, 16.1]. Negative
   * means the model consistently preferred the other label: a likely
   * mislabelled sample.
   */
  aum: TaskScores;
}

/** Cartography, forgetting and AUM from one run. O(epochs·rows·T). */
export function dynamicsScores(
  labels: Labelled,
  dynamics: DynamicsTensor,
  w: ArrayLike<number>,
): DynamicsScores {
  checkLabels('labels', labels);
  checkDynamics('dynamics', dynamics, labels);
  checkTaskWeights(w, labels.tasks);
  const n = labels.rows * labels.tasks;
  const conf = new Float32Array(n);
  const vari = new Float32Array(n);
  const corr = new Float32Array(n);
  const forg = new Float32Array(n);
  const aum = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = cellDynamics(dynamics, i, labels.labels[i]);
    conf[i] = s.confidence;
    vari[i] = s.variability;
    corr[i] = s.correctness;
    forg[i] = s.forgetting;
    aum[i] = s.aum;
  }
  const wrap = (perTask: Float32Array): TaskScores => ({
    perTask,
    combined: combineTasks(perTask, labels.tasks, w, true),
  });
  return {
    confidence: wrap(conf),
    variability: wrap(vari),
    correctness: wrap(corr),
    forgetting: wrap(forg),
    aum: wrap(aum),
  };
}

interface CellDynamics {
  confidence: number;
  variability: number;
  correctness: number;
  forgetting: number;
  aum: number;
}

/** The five statistics of one (row, task) cell across epochs. */
function cellDynamics(
  d: DynamicsTensor,
  cell: number,
  y: number,
): CellDynamics {
  const stride = d.rows * d.tasks;
  const positive = y > 0.5;
  let sum = 0;
  let sumSq = 0;
  let correct = 0;
  let forgets = 0;
  let margin = 0;
  let everCorrect = false;
  let prevCorrect = false;
  for (let e = 0; e < d.epochs; e++) {
    const p = d.probs[e * stride + cell];
    const q = positive ? p : 1 - p;
    sum += q;
    sumSq += q * q;
    const ok = positive ? p >= 0.5 : p < 0.5;
    if (ok) correct++;
    if (e > 0 && prevCorrect && !ok) forgets++;
    everCorrect ||= ok;
    prevCorrect = ok;
    margin += positive ? logit(p) : -logit(p);
  }
  const mean = sum / d.epochs;
  return {
    confidence: mean,
    variability: Math.sqrt(Math.max(0, sumSq / d.epochs - mean * mean)),
    correctness: correct / d.epochs,
    forgetting: everCorrect ? forgets : d.epochs,
    aum: margin / d.epochs,
  };
}
