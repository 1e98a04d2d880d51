/**
 * Label strata for selection: rows grouped by their joint labels (and the
 * sampled flag), so a strategy can keep every label combination's share
 * and correct its weights per stratum.
 */
import { labelStrata } from '../importance/strata.ts';
import type { StrategyInput, StratumRecord } from './types.ts';

/** The rows of each stratum, ascending row order, strata by code. */
export interface Strata {
  /** Stratum code of each row. */
  code: Int32Array;
  groups: { code: number; rows: Int32Array }[];
}

export function strataOf(input: StrategyInput): Strata {
  const code = labelStrata(input.labels, input.tasks, input.sampled);
  const counts = new Map<number, number>();
  for (let i = 0; i < code.length; i++) {
    counts.set(code[i], (counts.get(code[i]) ?? 0) + 1);
  }
  const codes = [...counts.keys()].sort((a, b) => a - b);
  const rows = new Map(codes.map((c) => [c, new Int32Array(counts.get(c)!)]));
  const fill = new Map(codes.map((c) => [c, 0]));
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    const k = fill.get(c)!;
    rows.get(c)![k] = i;
    fill.set(c, k + 1);
  }
  return { code, groups: codes.map((c) => ({ code: c, rows: rows.get(c)! })) };
}

/**
 * Rows to keep per stratum so the total is round(keep·n) and each stratum
 * keeps its share (largest remainders), at least one row per non-empty
 * stratum when the budget allows.
 */
export function proportionalQuota(sizes: number[], keep: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const total = Math.round(keep * n);
  const exact = sizes.map((s) => (s * total) / Math.max(n, 1));
  const quota = exact.map((x) => Math.floor(x));
  let left = total - quota.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    quota[i]++;
    left--;
  }
  for (let i = 0; i < quota.length; i++) {
    if (quota[i] === 0 && sizes[i] > 0 && total >= quota.length) {
      const j = quota.indexOf(Math.max(...quota));
      quota[j]--;
      quota[i]++;
    }
  }
  return quota;
}

/** Per-stratum counts and weight sums of a selection. */
export function stratumRecords(
  strata: Strata,
  keep: Int32Array,
  weights: Float32Array,
): StratumRecord[] {
  const byCode = new Map(
    strata.groups.map((g) => [
      g.code,
      { code: g.code, rows: g.rows.length, kept: 0, weight: 0 },
    ]),
  );
  keep.forEach((r, i) => {
    const s = byCode.get(strata.code[r])!;
    s.kept++;
    s.weight += weights[i];
  });
  return [...byCode.values()];
}
