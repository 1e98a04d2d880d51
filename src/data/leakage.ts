/**
 * The leakage guard: a feature that equals a label, or orders the training
 * samples by a label almost perfectly, is a leak (a label column joined in
 * by mistake, a count that includes the sample's own event). Preparation
 * stops with the feature's name rather than train a model on it.
 */
import { DataError } from '../errors.ts';
import { pickRows, type LazyColumn } from '../features/lazy.ts';
import { TRAIN } from './split.ts';

export interface LeakCandidate {
  name: string;
  /** Numeric values, or categorical ids (scored by their label mean). */
  values: Float32Array | Int32Array | LazyColumn;
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
  const columns = candidates.map((c) => pick(c.values, train));
  // Too few rows per id and a target encoding scores by overfitting.
  const judged = candidates.map(
    (c, k) =>
      !c.categorical ||
      new Set(columns[k]).size * ROWS_PER_ID <= columns[k].length,
  );
  const sorted = candidates.map((c, k) =>
    c.categorical ? null : sortedScores(columns[k]),
  );
  for (const label of labels) {
    const y = pick(label.values, train);
    const positives = y.reduce((a, b) => a + b, 0);
    if (positives === 0 || positives === y.length) continue;
    for (const [k, c] of candidates.entries()) {
      if (!judged[k]) continue;
      const x = columns[k];
      const score = c.categorical ? labelMeans(x, y) : x;
      const auc = rankAuc(score, y, sorted[k] ?? undefined);
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

function pick(
  values: ArrayLike<number> | LazyColumn,
  rows: Int32Array,
): Float64Array {
  if ('kind' in values) return pickRows(values, rows);
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/**
 * Rows checked at most: an evenly spaced subset of the training split, so
 * the check costs the same on any size (a copied label scores AUC 1 on any
 * subset).
 */
const MAX_ROWS = 100_000;

/** Rows per categorical id below which the check skips the feature. */
const ROWS_PER_ID = 50;

function trainSample(split: Uint8Array, max: number): Int32Array {
  let n = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === TRAIN) n++;
  const train = new Int32Array(n);
  for (let i = 0, k = 0; i < split.length; i++) {
    if (split[i] === TRAIN) train[k++] = i;
  }
  if (train.length <= max) return train;
  const step = train.length / max;
  return Int32Array.from(
    { length: max },
    (_, k) => train[Math.floor(k * step)],
  );
}

/** Replaces each id by the mean label of its id (a target encoding). */
function labelMeans(ids: Float64Array, y: Float64Array): Float64Array {
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  ids.forEach((id, i) => {
    sum.set(id, (sum.get(id) ?? 0) + y[i]);
    count.set(id, (count.get(id) ?? 0) + 1);
  });
  return ids.map((id) => sum.get(id)! / count.get(id)!);
}

/** The scores in ascending order, or null when one is NaN. */
function sortedScores(score: ArrayLike<number>): Float64Array | null {
  const sorted = Float64Array.from(score).sort();
  return Number.isNaN(sorted[sorted.length - 1]) ? null : sorted;
}

/**
 * AUC by the rank-sum formula, ties given half credit: a positive's rank
 * is the mean rank of the scores equal to its own. `sorted` (the scores
 * in ascending order) may be passed when already known.
 */
export function rankAuc(
  score: ArrayLike<number>,
  y: ArrayLike<number>,
  sorted = sortedScores(score),
): number {
  if (!sorted) return rankAucNaN(Array.from(score), Array.from(y));
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < score.length; i++) {
    if (!y[i]) continue;
    const first = bound(sorted, score[i], false);
    const last = bound(sorted, score[i], true) - 1;
    rankSum += (first + last) / 2 + 1;
    positives++;
  }
  const negatives = score.length - positives;
  return (
    (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
  );
}

/** The first index whose value is >= v (or > v when `after`). */
function bound(sorted: Float64Array, v: number, after: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v || (after && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rank sum by a comparator sort, for scores that include NaN. */
function rankAucNaN(score: number[], y: number[]): number {
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
