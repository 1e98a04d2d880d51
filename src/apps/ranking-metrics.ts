/**
 * Top-k metrics of one ranked list. `gains` holds the relevance of each
 * ranked position (0 = irrelevant); `relevant` is how many relevant items
 * exist for the query. Every metric is in [0, 1]; higher is better.
 */

/** DCG@k with gain g / log2(position + 1), positions from 1. */
export function dcgAt(gains: readonly number[], k: number): number {
  let s = 0;
  const n = Math.min(k, gains.length);
  for (let i = 0; i < n; i++) s += gains[i] / Math.log2(i + 2);
  return s;
}

/**
 * NDCG@k: DCG of the list over the DCG of the ideal order of `ideal`
 * (every relevance grade of the query, ranked or not); 0 when nothing is
 * relevant.
 */
export function ndcgAt(
  gains: readonly number[],
  ideal: readonly number[],
  k: number,
): number {
  const best = dcgAt(
    [...ideal].sort((a, b) => b - a),
    k,
  );
  return best > 0 ? dcgAt(gains, k) / best : 0;
}

/** Share of the `relevant` items found in the top k. */
export function recallAt(
  gains: readonly number[],
  relevant: number,
  k: number,
): number {
  if (relevant <= 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) if (gains[i] > 0) hits++;
  return hits / relevant;
}

/** 1 when a relevant item is in the top k, else 0. */
export function hitAt(gains: readonly number[], k: number): number {
  for (let i = 0; i < Math.min(k, gains.length); i++)
    if (gains[i] > 0) return 1;
  return 0;
}

/** 1 / rank of the first relevant item, 0 when none is ranked. */
export function reciprocalRank(gains: readonly number[]): number {
  const i = gains.findIndex((g) => g > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}
