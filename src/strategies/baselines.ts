/**
 * The baselines every strategy is measured against, at the same budget:
 * full data, uniform random, stratified random (each label stratum keeps
 * its share) and negative downsampling (every row with a positive label
 * kept, a random share r of the negatives kept with weight 1/r).
 */
import { Rng } from '../util/rng.ts';
import { checkInput, checkKeep, finish } from './record.ts';
import { proportionalQuota, strataOf } from './strata.ts';
import type { Selection, StrategyInput } from './types.ts';

export const BASELINE_NAMES = [
  'full',
  'random',
  'stratified',
  'negative-downsampling',
] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export interface BaselineOptions {
  keep: number;
  seed?: number;
}

/** Every row, weight 1. */
export function fullData(input: StrategyInput): Selection {
  const n = checkInput(input);
  const keep = Int32Array.from({ length: n }, (_, i) => i);
  return finish(input, strataOf(input), keep, ones(n), {
    strategy: 'full',
    keep: 1,
    params: {},
    correction: 'none',
  });
}

/** A uniform random subset of round(keep·n) rows, weight 1. */
export function uniformRandom(
  input: StrategyInput,
  o: BaselineOptions,
): Selection {
  checkKeep(o.keep);
  const n = checkInput(input);
  const keep = pick(
    Int32Array.from({ length: n }, (_, i) => i),
    Math.round(o.keep * n),
    new Rng(o.seed ?? 0),
  );
  return finish(input, strataOf(input), keep, ones(keep.length), {
    strategy: 'random',
    keep: o.keep,
    params: { seed: o.seed ?? 0 },
    correction: 'none: label rates are kept in expectation',
  });
}

/** A random subset keeping every label stratum's share, weight 1. */
export function stratifiedRandom(
  input: StrategyInput,
  o: BaselineOptions,
): Selection {
  checkKeep(o.keep);
  checkInput(input);
  const strata = strataOf(input);
  const rng = new Rng(o.seed ?? 0);
  const quota = proportionalQuota(
    strata.groups.map((g) => g.rows.length),
    o.keep,
  );
  const parts = strata.groups.map((g, k) => pick(g.rows, quota[k], rng));
  const keep = concatSorted(parts);
  return finish(input, strata, keep, ones(keep.length), {
    strategy: 'stratified',
    keep: o.keep,
    params: { seed: o.seed ?? 0 },
    correction: 'none needed: each label stratum keeps its share',
  });
}

/**
 * Every "positive" row, plus a random share r of the others so the total
 * is round(keep·n); the others weigh 1/r, positives 1. A positive is a row
 * with any positive label; when those alone exceed the budget (e.g. a
 * click rate of 50% at keep 0.3), the first tasks stop counting until the
 * positives of the later (deeper-funnel) tasks fit. r = 0 is avoided by
 * keeping at least one other row.
 */
export function negativeDownsampling(
  input: StrategyInput,
  o: BaselineOptions,
): Selection {
  checkKeep(o.keep);
  const n = checkInput(input);
  const strata = strataOf(input);
  const budget = Math.round(o.keep * n);
  const T = input.tasks;
  let from = 0;
  const mask = (f: number) => ((1 << T) - 1) & ~((1 << f) - 1);
  const count = (f: number) => {
    let c = 0;
    for (let r = 0; r < n; r++) if (strata.code[r] & mask(f)) c++;
    return c;
  };
  while (from < T - 1 && count(from) > budget) from++;
  const labelBits = mask(from);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let r = 0; r < n; r++) {
    (strata.code[r] & labelBits ? pos : neg).push(r);
  }
  const k = Math.min(neg.length, Math.max(1, budget - pos.length));
  const rate = neg.length ? k / neg.length : 1;
  const negKept = pick(Int32Array.from(neg), k, new Rng(o.seed ?? 0));
  const keep = concatSorted([Int32Array.from(pos), negKept]);
  const isPos = new Uint8Array(n);
  for (const r of pos) isPos[r] = 1;
  const weights = Float32Array.from(keep, (r) => (isPos[r] ? 1 : 1 / rate));
  return finish(input, strata, keep, weights, {
    strategy: 'negative-downsampling',
    keep: o.keep,
    params: { seed: o.seed ?? 0, negativeRate: rate, fromTask: from },
    correction: `negatives weigh 1/r = ${(1 / rate).toPrecision(6)}`,
  });
}

/** `k` rows of `rows` chosen uniformly (partial Fisher-Yates), ascending. */
export function pick(rows: Int32Array, k: number, rng: Rng): Int32Array {
  const a = Int32Array.from(rows);
  const m = Math.min(k, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(a.length - i);
    const x = a[i];
    a[i] = a[j];
    a[j] = x;
  }
  return a.subarray(0, m).sort();
}

function concatSorted(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.sort();
}

function ones(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}
