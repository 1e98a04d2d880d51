/**
 * Method `noise`: how likely the sample's label is wrong. A mislabelled
 * row looks like a hard one by loss alone; what sets it apart is that the
 * model is consistently and confidently on the other side, early and late,
 * and that its neighbours in representation space carry the other label.
 */
import { UsageError } from '../errors.ts';
import { rankWithinStrata, taskStrata } from './strata.ts';
import { column, combineTasks } from './tasks.ts';
import type { Labelled, TaskScores } from './types.ts';
import { checkLabels, checkLength, checkTaskWeights } from './validate.ts';

/** The per-task (rows x T) signals `noise` can combine; any subset. */
export interface NoiseSignals {
  /** Final loss (`lossScores().perTask`); higher = more suspicious. */
  loss?: Float32Array;
  /** Cartography confidence; with `variability`, see `confidentlyWrong`. */
  confidence?: Float32Array;
  variability?: Float32Array;
  /** Early-epoch error |p − y| (`el2nScores().perTask`). */
  earlyError?: Float32Array;
  /** Area under the margin; negated, so negative AUM is suspicious. */
  aum?: Float32Array;
  /** Share of nearest neighbours with another label. */
  disagreement?: Float32Array;
}

/** The names of the oriented signals, as weights refer to them. */
export type NoiseSignalName =
  'loss' | 'confidentlyWrong' | 'earlyError' | 'aum' | 'disagreement';

/** Default: every available signal counts the same. */
export const DEFAULT_NOISE_WEIGHTS: Readonly<Record<NoiseSignalName, number>> =
  { loss: 1, confidentlyWrong: 1, earlyError: 1, aum: 1, disagreement: 1 };

export interface NoiseOptions {
  /** Sampled-negative flags: sampled rows form their own strata. */
  sampled?: Uint8Array;
  /** Weights of the oriented signals (>= 0); missing ones use defaults. */
  weights?: Partial<Record<NoiseSignalName, number>>;
  /**
   * Predicted probabilities (rows x T, final or averaged over epochs), to
   * estimate how noisy each task's strata are; without them every task
   * counts by its weight alone.
   */
  probs?: Float32Array;
}

/**
 * Label-noise scores. Each available signal is oriented so that higher is
 * more suspicious:
 *
 *   loss, earlyError, disagreement as given;
 *   confidentlyWrong = (1 − confidence)·(1 − 2·variability), high when the
 *     model gave the label little probability at every epoch (variability
 *     is at most 0.5, so the factor is in [0, 1]);
 *   −aum.
 *
 * For task t each signal is turned into its normalised rank within the
 * task's label stratum (positives, observed negatives, sampled negatives
 * apart), so that a negative is compared only with negatives; then
 * `perTask[r, t]` = Σ_s β_s·rank_s / Σ_s β_s over the available signals,
 * in [0, 1]. Ranks alone say nothing of how noisy a task is (a clean
 * task's ranks are as spread as a noisy one's), so the tasks are joined
 * through an estimated noise rate ρ_{t,s} of the row's stratum s for
 * task t: the share of rows of s whose label the model confidently
 * contradicts, counted as in confident learning (Northcutt et al., 2021):
 * a positive is suspect when 1 − p >= the mean of 1 − p over negatives, a
 * negative when p >= the mean of p over positives (class thresholds, so
 * imbalanced tasks are judged fairly), Laplace-smoothed as
 * (suspects + 1) / (rows + 2). Then
 *
 *   π_t = ρ_{t,s} / (ρ_{t,s} + 1 − perTask[r, t])
 *
 * is a soft estimate that label t is wrong: 1/2 at the stratum's top
 * ρ-quantile, 1 at its top row, ρ/(1 + ρ) at its bottom; and
 *
 *   combined[r] = 1 − Π_t (1 − π_t)^(w_t / max_u w_u),
 *
 * the probability that at least one label is wrong (a noisy-OR, tasks
 * with a smaller weight counting less). Without `probs` there is no rate
 * and `combined` falls back to Σ_t w_t·perTask[r, t] / Σ_t w_t. Range
 * [0, 1]; higher = more likely mislabelled. O(S·T·n log n).
 */
export function noiseScores(
  labels: Labelled,
  signals: NoiseSignals,
  w: ArrayLike<number>,
  options: NoiseOptions = {},
): TaskScores {
  checkLabels('labels', labels);
  checkTaskWeights(w, labels.tasks);
  const oriented = orient(signals, labels);
  const weights = { ...DEFAULT_NOISE_WEIGHTS, ...options.weights };
  const used = oriented.filter(([name]) => weights[name] > 0);
  if (used.length === 0) {
    throw new UsageError(
      'noise needs at least one signal with a weight > 0: the final loss, ' +
        'training dynamics, or representations',
    );
  }
  const { rows, tasks } = labels;
  const perTask = new Float32Array(rows * tasks);
  const total = used.reduce((s, [name]) => s + weights[name], 0);
  for (let t = 0; t < tasks; t++) {
    const strata = taskStrata(labels.labels, tasks, t, options.sampled);
    for (const [name, values] of used) {
      const ranks = rankWithinStrata(column(values, tasks, t), strata);
      const beta = weights[name] / total;
      for (let r = 0; r < rows; r++) perTask[r * tasks + t] += beta * ranks[r];
    }
  }
  const rates = options.probs
    ? noiseRates(labels, options.probs, options.sampled)
    : null;
  return { perTask, combined: mixTasks(perTask, labels, w, rates, options) };
}

/** The noisy-OR of the per-task soft estimates (see `noiseScores`). */
function mixTasks(
  perTask: Float32Array,
  labels: Labelled,
  w: ArrayLike<number>,
  rates: Float64Array | null,
  options: NoiseOptions,
): Float32Array {
  if (!rates) return combineTasks(perTask, labels.tasks, w, true);
  const { rows, tasks } = labels;
  const wMax = Math.max(...Array.from(w));
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let logKeep = 0;
    for (let t = 0; t < tasks; t++) {
      const rho = rates[t * 4 + stratumOf(labels, r, t, options.sampled)];
      const pi = rho / (rho + 1 - perTask[r * tasks + t]);
      const power = wMax > 0 ? w[t] / wMax : 1;
      logKeep += power * Math.log(Math.max(1e-12, 1 - Math.min(1, pi)));
    }
    out[r] = 1 - Math.exp(logKeep);
  }
  return out;
}

/** The task stratum of a row: y + 2·sampled (as `taskStrata`). */
function stratumOf(
  labels: Labelled,
  r: number,
  t: number,
  sampled?: Uint8Array,
): number {
  const y = labels.labels[r * labels.tasks + t] > 0.5 ? 1 : 0;
  return y + (sampled && sampled[r] ? 2 : 0);
}

/**
 * ρ_{t,s} for every task t and stratum s in [0, 4), at t·4 + s: the
 * smoothed share of confidently contradicted labels (see `noiseScores`).
 */
export function noiseRates(
  labels: Labelled,
  probs: Float32Array,
  sampled?: Uint8Array,
): Float64Array {
  const { rows, tasks } = labels;
  checkLength('noise probs', probs, rows * tasks, 'rows x tasks');
  const out = new Float64Array(tasks * 4);
  for (let t = 0; t < tasks; t++) {
    const [selfPos, selfNeg] = classThresholds(labels, probs, t);
    const suspects = new Float64Array(4);
    const sizes = new Float64Array(4);
    for (let r = 0; r < rows; r++) {
      const i = r * tasks + t;
      const s = stratumOf(labels, r, t, sampled);
      sizes[s]++;
      const p = probs[i];
      if (s % 2 === 1 ? 1 - p >= selfNeg : p >= selfPos) suspects[s]++;
    }
    for (let s = 0; s < 4; s++) {
      out[t * 4 + s] = (suspects[s] + 1) / (sizes[s] + 2);
    }
  }
  return out;
}

/** Mean p over positives and mean 1 − p over negatives of task t. */
function classThresholds(
  labels: Labelled,
  probs: Float32Array,
  t: number,
): [number, number] {
  let pos = 0;
  let sumPos = 0;
  let sumNeg = 0;
  for (let r = 0; r < labels.rows; r++) {
    const i = r * labels.tasks + t;
    if (labels.labels[i] > 0.5) {
      pos++;
      sumPos += probs[i];
    } else sumNeg += 1 - probs[i];
  }
  const neg = labels.rows - pos;
  return [pos ? sumPos / pos : 1, neg ? sumNeg / neg : 1];
}

/** The available signals, oriented (higher = more suspicious). */
function orient(
  s: NoiseSignals,
  labels: Labelled,
): [NoiseSignalName, Float32Array][] {
  const n = labels.rows * labels.tasks;
  const out: [NoiseSignalName, Float32Array][] = [];
  const add = (name: NoiseSignalName, v: Float32Array | undefined) => {
    if (!v) return;
    checkLength(`noise signal ${name}`, v, n, 'rows x tasks');
    out.push([name, v]);
  };
  add('loss', s.loss);
  if (s.confidence) add('confidentlyWrong', confidentlyWrong(s, n));
  add('earlyError', s.earlyError);
  add('aum', s.aum && s.aum.map((x) => -x));
  add('disagreement', s.disagreement);
  return out;
}

function confidentlyWrong(s: NoiseSignals, n: number): Float32Array {
  const conf = s.confidence as Float32Array;
  checkLength('noise signal confidence', conf, n, 'rows x tasks');
  const out = new Float32Array(conf.length);
  for (let i = 0; i < out.length; i++) {
    const v = s.variability ? Math.min(0.5, s.variability[i]) : 0;
    out[i] = (1 - conf[i]) * (1 - 2 * v);
  }
  return out;
}
