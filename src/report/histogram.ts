/**
 * Histograms computed before charting, so that each importance method gets
 * bins over its own range (scores of different methods live on different
 * scales).
 */

/** One bin: values in [start, end) — the last bin also holds `end`. */
export interface Bin {
  start: number;
  end: number;
  count: number;
  /** count / total, in [0, 1]. */
  share: number;
}

/** The fraction of values trimmed from each tail when choosing the range. */
export const TAIL = 0.005;

/**
 * Counts `values` into `bins` equal-width bins spanning the central
 * 99% of the finite values; values outside that range land in the first or
 * last bin, so a few extreme scores do not squash the rest into one bar.
 * Non-finite values are ignored. Returns [] when no value is finite.
 */
export function histogram(values: readonly number[], bins = 30): Bin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  const sorted = Float64Array.from(finite).sort();
  const lo = quantile(sorted, TAIL);
  let hi = quantile(sorted, 1 - TAIL);
  if (hi <= lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) {
    const i = Math.floor((v - lo) / width);
    counts[Math.min(bins - 1, Math.max(0, i))]++;
  }
  return counts.map((count, i) => ({
    start: lo + i * width,
    end: i === bins - 1 ? hi : lo + (i + 1) * width,
    count,
    share: count / finite.length,
  }));
}

/** Linear-interpolated quantile of ascending `sorted`, q in [0, 1]. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
}
