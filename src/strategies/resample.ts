/**
 * `resample`: importance sampling to a budget with unbiased weights.
 *
 * Each row gets an inclusion probability p_i = min(1, c·s_i) with size
 * s_i = (α + rank_i) / share_s^γ, where rank_i in [0, 1] is its score's
 * rank within its label stratum and share_s the stratum's share of the
 * rows (rare strata, such as purchases, are sampled more; with γ = 1 they
 * are usually kept whole). c is set so Σ p_i = K = round(keep·N), and
 * systematic sampling over a seeded random order draws exactly K rows with
 * exactly these probabilities. Kept rows weigh w_i = (K/N)/p_i, so
 *
 *   E[(1/K) Σ_kept w_i·ℓ_i] = (1/N) Σ_all ℓ_i
 *
 * for any per-row loss ℓ: the trainer's mean weighted loss is an unbiased
 * estimate of the full-data loss, and the weights average 1 in expectation.
 */
import { UsageError } from '../errors.ts';
import { rankWithinStrata } from '../importance/strata.ts';
import { Rng } from '../util/rng.ts';
import { checkInput, checkKeep, finish } from './record.ts';
import { strataOf } from './strata.ts';
import type { Selection, StrategyInput } from './types.ts';

export interface ResampleOptions {
  /** Expected fraction of rows to keep, in (0, 1]. */
  keep: number;
  /** Floor α > 0 of the size; larger = closer to uniform. Default 0.5. */
  floor?: number;
  /** Rarity exponent γ >= 0 of the stratum share. Default 1. */
  rarity?: number;
  seed?: number;
}

/** Draws an importance sample; see the module comment. */
export function resample(input: StrategyInput, o: ResampleOptions): Selection {
  checkKeep(o.keep);
  const n = checkInput(input, { score: true });
  const alpha = o.floor ?? 0.5;
  const gamma = o.rarity ?? 1;
  if (!(alpha > 0) || !(gamma >= 0)) {
    throw new UsageError(
      `resample needs floor > 0 and rarity >= 0; got ${alpha}, ${gamma}`,
    );
  }
  const strata = strataOf(input);
  const rank = rankWithinStrata(input.score!, strata.code);
  const share = new Map(strata.groups.map((g) => [g.code, g.rows.length / n]));
  const size = Float64Array.from(
    rank,
    (r, i) => (alpha + r) / share.get(strata.code[i])! ** gamma,
  );
  const K = Math.max(1, Math.round(o.keep * n));
  const p = inclusionProbabilities(size, K);
  const keep = systematicSample(p, new Rng(o.seed ?? 0));
  const weights = Float32Array.from(keep, (r) => K / n / p[r]);
  return finish(input, strata, keep, weights, {
    strategy: 'resample',
    keep: o.keep,
    params: { floor: alpha, rarity: gamma, seed: o.seed ?? 0 },
    correction:
      'weight = (K/N)/p: the mean weighted loss of the sample is an ' +
      'unbiased estimate of the full-data mean loss; mean 1 in expectation',
  });
}

/**
 * p_i = min(1, c·size_i) with Σ p_i = k (0 < k <= n, sizes > 0): rows
 * whose scaled size passes 1 are capped and the rest share what is left.
 * O(n log n).
 */
export function inclusionProbabilities(
  size: Float64Array,
  k: number,
): Float64Array {
  const n = size.length;
  if (k >= n) return new Float64Array(n).fill(1);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => size[b] - size[a],
  );
  const suffix = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) suffix[j] = suffix[j + 1] + size[order[j]];
  let c = 0;
  for (let m = 0; m < n; m++) {
    c = (k - m) / suffix[m];
    if (c * size[order[m]] <= 1) break;
  }
  return Float64Array.from(size, (s) => Math.min(1, c * s));
}

/**
 * Systematic sampling: rows in a seeded random order, one uniform start
 * u, and row i is drawn when the running sum of p crosses an integer + u.
 * Each row is drawn with probability exactly p_i; the number drawn is
 * round(Σ p) up to floating-point error. Returns ascending row indices.
 */
export function systematicSample(p: Float64Array, rng: Rng): Int32Array {
  const order = rng.shuffle(Int32Array.from({ length: p.length }, (_, i) => i));
  const u = rng.next();
  const out: number[] = [];
  let cum = u;
  for (const r of order) {
    const next = cum + p[r];
    if (Math.floor(next) > Math.floor(cum)) out.push(r);
    cum = next;
  }
  return Int32Array.from(out).sort();
}
