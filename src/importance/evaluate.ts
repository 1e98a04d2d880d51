/**
 * How well a score finds flagged samples (planted label noise, or real
 * flags such as a noise column): the metrics `winnow evaluate-scores`
 * reports. A higher score must mean "more likely flagged".
 */
import { UsageError } from '../errors.ts';
import { Rng } from '../util/rng.ts';

/**
 * Area under the ROC curve: the probability that a random flagged sample
 * scores above a random unflagged one, ties counting one half
 * (Mann–Whitney U from average ranks). In [0, 1]; 0.5 is chance, higher is
 * better. NaN when either class is empty. O(n log n).
 */
export function auroc(
  scores: ArrayLike<number>,
  flags: ArrayLike<number>,
): number {
  checkPair(scores, flags);
  const ranks = averageRanks(scores);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] > 0.5) {
      pos++;
      rankSum += ranks[i];
    }
  }
  const neg = flags.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Area under the precision–recall curve as average precision:
 * Σ_k (R_k − R_{k−1})·P_k over the distinct score thresholds, highest
 * first (tied scores enter together, as in scikit-learn). In [0, 1]; the
 * flagged fraction is chance, higher is better. NaN without flags.
 */
export function auprc(
  scores: ArrayLike<number>,
  flags: ArrayLike<number>,
): number {
  checkPair(scores, flags);
  const order = descending(scores);
  const pos = countFlags(flags);
  if (pos === 0) return NaN;
  let tp = 0;
  let ap = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let tpGroup = 0;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (flags[order[j]] > 0.5) tpGroup++;
      j++;
    }
    tp += tpGroup;
    ap += (tpGroup / pos) * (tp / j);
    i = j;
  }
  return ap;
}

/**
 * Precision among the k highest scores, in [0, 1]; ties at the cut are
 * broken by row order (the earlier row first). Higher is better.
 */
export function precisionAtK(
  scores: ArrayLike<number>,
  flags: ArrayLike<number>,
  k: number,
): number {
  checkPair(scores, flags);
  if (!(Number.isInteger(k) && k >= 1 && k <= scores.length)) {
    throw new UsageError(
      `k must be an integer in [1, ${scores.length}], got ${k}`,
    );
  }
  const order = descending(scores);
  let tp = 0;
  for (let i = 0; i < k; i++) if (flags[order[i]] > 0.5) tp++;
  return tp / k;
}

/**
 * F1 of flagging the k highest scores: 2·P·R / (P + R) with P the
 * precision at k and R the recall at k, in [0, 1], 0 when nothing is
 * found. With k = the number of flagged samples, P = R = F1.
 */
export function f1AtK(
  scores: ArrayLike<number>,
  flags: ArrayLike<number>,
  k: number,
): number {
  const p = precisionAtK(scores, flags, k);
  const pos = countFlags(flags);
  if (pos === 0 || p === 0) return 0;
  const r = (p * k) / pos;
  return (2 * p * r) / (p + r);
}

/**
 * Spearman's rank correlation: the Pearson correlation of the average
 * ranks, in [−1, 1]; 1 when both orders agree. NaN when either side is
 * constant.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** The metrics of one score against flags. */
export interface DetectionMetrics {
  auroc: number;
  auprc: number;
  /** Precision at k = number of flagged samples. */
  precisionAtK: number;
  /** F1 at the same k. */
  f1: number;
}

/** All detection metrics of one score; k is the number of flags. */
export function detectionMetrics(
  scores: ArrayLike<number>,
  flags: ArrayLike<number>,
): DetectionMetrics {
  const k = Math.max(1, countFlags(flags));
  return {
    auroc: auroc(scores, flags),
    auprc: auprc(scores, flags),
    precisionAtK: precisionAtK(scores, flags, k),
    f1: f1AtK(scores, flags, k),
  };
}

/** The report of `evaluate-scores`: each method and a random baseline. */
export interface ScoreEvaluation {
  rows: number;
  flagged: number;
  methods: Record<string, DetectionMetrics>;
  /** Mean metrics of `randomRuns` seeded uniform random scores. */
  random: DetectionMetrics;
}

/**
 * Evaluates every score column against flags, next to seeded random
 * scores (averaged over `randomRuns`, default 5). Orient each column so
 * that higher means "flagged" before calling (e.g. negate AUM).
 */
export function evaluateScores(
  columns: Record<string, ArrayLike<number>>,
  flags: ArrayLike<number>,
  options: { seed?: number; randomRuns?: number } = {},
): ScoreEvaluation {
  const methods: Record<string, DetectionMetrics> = {};
  for (const [name, col] of Object.entries(columns)) {
    methods[name] = detectionMetrics(col, flags);
  }
  const runs = options.randomRuns ?? 5;
  const rng = new Rng(options.seed ?? 0);
  const sum: DetectionMetrics = { auroc: 0, auprc: 0, precisionAtK: 0, f1: 0 };
  for (let k = 0; k < runs; k++) {
    const noise = new Float64Array(flags.length).map(() => rng.next());
    const m = detectionMetrics(noise, flags);
    for (const key of Object.keys(sum) as (keyof DetectionMetrics)[]) {
      sum[key] += m[key] / runs;
    }
  }
  return {
    rows: flags.length,
    flagged: countFlags(flags),
    methods,
    random: sum,
  };
}

/** 1-based average ranks (ties share the mean of their ranks). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n).map((_, i) => i);
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    const r = (i + j + 1) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    i = j;
  }
  return ranks;
}

function descending(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length).map((_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

function countFlags(flags: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] > 0.5) n++;
  return n;
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length || a.length === 0) {
    throw new UsageError(
      `scores and flags need the same, non-zero length; got ` +
        `${a.length} and ${b.length}`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      throw new UsageError(`value ${i} is NaN; drop or fill missing scores`);
    }
  }
}
