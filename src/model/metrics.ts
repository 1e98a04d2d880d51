/**
 * Ranking and probability metrics per task: AUC, GAUC, logloss and
 * calibration. Scores and labels are parallel arrays; labels are 0 or 1
 * (a label >= 0.5 counts as positive).
 */

/** Probabilities are clipped to [EPS, 1 - EPS] inside logloss. */
export const LOGLOSS_EPS = 1e-7;

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting one half. In [0, 1], higher is
 * better, 0.5 is random; null when only one class is present.
 */
export function auc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] >= 0.5) {
        nPos++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Group AUC: the AUC within each user, averaged with weights equal to the
 * user's number of samples; users with a single class are skipped. In
 * [0, 1], higher is better; null when no user has both classes.
 */
export function gauc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  users: ArrayLike<number>,
): number | null {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < scores.length; i++) {
    const g = groups.get(users[i]);
    if (g) g.push(i);
    else groups.set(users[i], [i]);
  }
  let sum = 0;
  let weight = 0;
  for (const idx of groups.values()) {
    const a = auc(
      idx.map((i) => scores[i]),
      idx.map((i) => labels[i]),
    );
    if (a === null) continue;
    sum += a * idx.length;
    weight += idx.length;
  }
  return weight ? sum / weight : null;
}

/** Mean binary cross-entropy (natural log). >= 0, lower is better. */
export function logloss(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, probs[i]));
    s -= labels[i] >= 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return probs.length ? s / probs.length : NaN;
}

/**
 * Mean predicted probability over observed positive rate. 1 is perfectly
 * calibrated on average, > 1 over-predicts; null without positives.
 */
export function calibration(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
): number | null {
  let p = 0;
  let y = 0;
  for (let i = 0; i < probs.length; i++) {
    p += probs[i];
    y += labels[i] >= 0.5 ? 1 : 0;
  }
  return y > 0 ? p / y : null;
}

export interface TaskMetrics {
  auc: number | null;
  gauc: number | null;
  logloss: number;
  calibration: number | null;
  /** Observed positive rate. */
  positiveRate: number;
  rows: number;
}

/** All metrics of every task of a rows x T prediction matrix. */
export function taskMetrics(
  tasks: readonly string[],
  probs: Float32Array,
  labels: Float32Array,
  users: Int32Array,
): Record<string, TaskMetrics> {
  const T = tasks.length;
  const rows = probs.length / T;
  const out: Record<string, TaskMetrics> = {};
  tasks.forEach((name, t) => {
    const p = new Float64Array(rows);
    const y = new Float64Array(rows);
    let pos = 0;
    for (let r = 0; r < rows; r++) {
      p[r] = probs[r * T + t];
      y[r] = labels[r * T + t];
      if (y[r] >= 0.5) pos++;
    }
    out[name] = {
      auc: auc(p, y),
      gauc: gauc(p, y, users),
      logloss: logloss(p, y),
      calibration: calibration(p, y),
      positiveRate: rows ? pos / rows : NaN,
      rows,
    };
  });
  return out;
}
