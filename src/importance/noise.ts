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
 * in [0, 1], and `combined` = Σ_t w_t·perTask[r, t] / Σ_t w_t. Higher =
 * more likely mislabelled. O(S·T·n log n).
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
  return { perTask, combined: combineTasks(perTask, tasks, w, true) };
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
