/**
 * The leakage guard: a feature that equals a label, or orders the training
 * samples by a label almost perfectly, is a leak (a label column joined in
 * by mistake, a count that includes the sample's own event). Preparation
 * stops with the feature's name rather than train a model on it.
 */
import { DataError } from '../errors.ts';
import { TRAIN } from './split.ts';

export interface LeakCandidate {
  name: string;
  /** Numeric values, or categorical ids (scored by their label mean). */
  values: Float32Array | Int32Array;
  categorical: boolean;
}

/**
 * Throws a DataError naming the first feature whose AUC against a task's
 * label on the training split is above `maxAuc` (or below 1 - maxAuc).
 */
export function guardLeakage(
  candidates: LeakCandidate[],
  labels: { name: string; values: Uint8Array }[],
  split: Uint8Array,
  maxAuc: number,
): void {
  const train = trainSample(split, MAX_ROWS);
  const columns = candidates.map((c) => train.map((i) => c.values[i]));
  for (const label of labels) {
    const y = train.map((i) => label.values[i]);
    const positives = y.reduce((a, b) => a + b, 0);
    if (positives === 0 || positives === y.length) continue;
    for (const [k, c] of candidates.entries()) {
      const x = columns[k];
      // Too few rows per id and a target encoding scores by overfitting.
      if (c.categorical && new Set(x).size * ROWS_PER_ID > x.length) continue;
      const score = c.categorical ? labelMeans(x, y) : x;
      const auc = rankAuc(score, y);
      if (auc > maxAuc || auc < 1 - maxAuc) {
        throw new DataError(
          `feature "${c.name}" predicts the label "${label.name}" almost ` +
            `perfectly on the training split (AUC ${auc.toFixed(4)}): it ` +
            'probably leaks the label. Remove it from the config or check ' +
            'how it is computed.',
          { column: c.name },
        );
      }
    }
  }
}

/**
 * Rows checked at most: an evenly spaced subset of the training split, so
 * the check costs the same on any size (a copied label scores AUC 1 on any
 * subset).
 */
const MAX_ROWS = 100_000;

/** Rows per categorical id below which the check skips the feature. */
const ROWS_PER_ID = 50;

function trainSample(split: Uint8Array, max: number): number[] {
  const train: number[] = [];
  for (let i = 0; i < split.length; i++) if (split[i] === TRAIN) train.push(i);
  if (train.length <= max) return train;
  const step = train.length / max;
  return Array.from({ length: max }, (_, k) => train[Math.floor(k * step)]);
}

/** Replaces each id by the mean label of its id (a target encoding). */
function labelMeans(ids: number[], y: number[]): number[] {
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  ids.forEach((id, i) => {
    sum.set(id, (sum.get(id) ?? 0) + y[i]);
    count.set(id, (count.get(id) ?? 0) + 1);
  });
  return ids.map((id) => sum.get(id)! / count.get(id)!);
}

/** AUC by the rank-sum formula, ties given half credit. */
export function rankAuc(score: number[], y: number[]): number {
  const order = score.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let positives = 0;
  for (let s = 0; s < order.length;) {
    let e = s;
    while (e + 1 < order.length && score[order[e + 1]] === score[order[s]]) e++;
    const rank = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++) {
      if (y[order[k]]) {
        rankSum += rank;
        positives++;
      }
    }
    s = e + 1;
  }
  const negatives = order.length - positives;
  return (
    (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
  );
}
