/**
 * `prune`: keep the most important fraction of the training rows. By
 * default within label strata, so every label combination keeps its share
 * and positive rates stay as they were; without strata the kept rows are
 * reweighted per stratum back to the full data's label shares.
 */
import { rankWithinStrata } from '../importance/strata.ts';
import { checkInput, checkKeep, finish } from './record.ts';
import { proportionalQuota, strataOf } from './strata.ts';
import type { Selection, StrategyInput } from './types.ts';

export interface PruneOptions {
  /** Fraction of rows to keep, in (0, 1]. */
  keep: number;
  /** Keep each label stratum's share (default true). */
  stratify?: boolean;
  /**
   * Keep the least important rows instead: the reverse curve, which
   * removes the most important first. Default false.
   */
  reverse?: boolean;
}

/** Keeps the highest-scoring `keep` fraction; see the module comment. */
export function prune(input: StrategyInput, o: PruneOptions): Selection {
  checkKeep(o.keep);
  checkInput(input, { score: true });
  const stratify = o.stratify ?? true;
  const reverse = o.reverse ?? false;
  const strata = strataOf(input);
  const sign = reverse ? -1 : 1;
  const score = input.score!;
  const head = {
    strategy: reverse ? 'prune-reverse' : 'prune',
    keep: o.keep,
    params: { stratify, reverse },
  };
  if (stratify) {
    const rank = rankWithinStrata(score, strata.code);
    const quota = proportionalQuota(
      strata.groups.map((g) => g.rows.length),
      o.keep,
    );
    const kept: number[] = [];
    strata.groups.forEach((g, k) => {
      const order = Array.from(g.rows).sort(
        (a, b) => sign * (rank[b] - rank[a]) || a - b,
      );
      for (let i = 0; i < quota[k]; i++) kept.push(order[i]);
    });
    kept.sort((a, b) => a - b);
    const keep = Int32Array.from(kept);
    return finish(input, strata, keep, new Float32Array(keep.length).fill(1), {
      ...head,
      correction: 'none needed: each label stratum keeps its share',
    });
  }
  const n = strata.code.length;
  const value = (r: number) =>
    Number.isNaN(score[r]) ? -Infinity : sign * score[r];
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => value(b) - value(a) || a - b,
  );
  const k = Math.round(o.keep * n);
  const keep = Int32Array.from(order.slice(0, k)).sort();
  return finish(input, strata, keep, shareWeights(strata.code, keep), {
    ...head,
    correction:
      'per stratum, weight = (stratum share of all rows) / (its share of ' +
      'kept rows), so weighted label rates equal the full data; mean 1',
  });
}

/**
 * Weights restoring every kept stratum's share of the full data:
 * w_s = (n_s / N) / (k_s / K), renormalised to mean 1 over kept rows
 * (which only matters when a stratum lost all its rows).
 */
export function shareWeights(code: Int32Array, keep: Int32Array): Float32Array {
  const all = new Map<number, number>();
  const kept = new Map<number, number>();
  for (const c of code) all.set(c, (all.get(c) ?? 0) + 1);
  for (const r of keep) kept.set(code[r], (kept.get(code[r]) ?? 0) + 1);
  const N = code.length;
  const K = keep.length;
  const w = Float32Array.from(keep, (r) => {
    const c = code[r];
    return all.get(c)! / N / (kept.get(c)! / K);
  });
  return meanOne(w);
}

/** Scales `w` in place to mean 1 (unchanged when empty) and returns it. */
export function meanOne(w: Float32Array): Float32Array {
  let sum = 0;
  for (const x of w) sum += x;
  if (w.length && sum > 0) {
    const f = w.length / sum;
    for (let i = 0; i < w.length; i++) w[i] *= f;
  }
  return w;
}
