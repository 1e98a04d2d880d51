/**
 * Strategies by name, as `winnow select --strategy` and `winnow
 * experiment` call them, and the subset of a split they describe.
 */
import type { SplitArrays } from '../data/types.ts';
import { UsageError } from '../errors.ts';
import {
  BASELINE_NAMES,
  fullData,
  negativeDownsampling,
  stratifiedRandom,
  uniformRandom,
  type BaselineName,
} from './baselines.ts';
import { denoise, type DenoiseOptions } from './denoise.ts';
import { prune } from './prune.ts';
import { resample } from './resample.ts';
import { reweight } from './reweight.ts';
import type { Selection, StrategyInput } from './types.ts';

/** Strategies driven by scores (the `--strategy` choices). */
export const STRATEGY_NAMES = [
  'prune',
  'reweight',
  'resample',
  'denoise',
] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface SelectOptions {
  /** Fraction to keep, in (0, 1] (ignored by reweight and denoise). */
  keep: number;
  seed?: number;
  /** prune: keep label strata's shares (default true). */
  stratify?: boolean;
  /** prune: keep the least important instead (the reverse curve). */
  reverse?: boolean;
  /** reweight: weights span [1 − spread, 1 + spread]. */
  spread?: number;
  /** resample: floor and rarity of the sampling sizes. */
  floor?: number;
  rarity?: number;
  /** denoise: threshold, mode and the most of a stratum it treats. */
  threshold?: number;
  mode?: DenoiseOptions['mode'];
  maxShare?: number;
}

/** Runs strategy or baseline `name` on the training rows. */
export function selectRows(
  name: StrategyName | BaselineName,
  input: StrategyInput,
  o: SelectOptions,
): Selection {
  const seed = o.seed ?? 0;
  switch (name) {
    case 'prune':
      return prune(input, o);
    case 'reweight':
      return reweight(input, { spread: o.spread });
    case 'resample':
      return resample(input, { ...o, seed });
    case 'denoise':
      return denoise(input, {
        threshold: o.threshold,
        mode: o.mode,
        maxShare: o.maxShare,
      });
    case 'full':
      return fullData(input);
    case 'random':
      return uniformRandom(input, { keep: o.keep, seed });
    case 'stratified':
      return stratifiedRandom(input, { keep: o.keep, seed });
    case 'negative-downsampling':
      return negativeDownsampling(input, { keep: o.keep, seed });
    default:
      throw new UsageError(
        `unknown strategy "${String(name)}"; choose from ` +
          [...STRATEGY_NAMES, ...BASELINE_NAMES].join(', '),
      );
  }
}

/** The strategy input of a training split (labels, sampled flag). */
export function strategyInput(
  train: SplitArrays,
  score?: ArrayLike<number>,
  noise?: ArrayLike<number>,
): StrategyInput {
  return {
    labels: train.labels,
    tasks: train.nTasks,
    sampled: train.sampled,
    score,
    noise,
  };
}

/** The kept rows of `s` with the selection's weights (times old ones). */
export function subsetSplit(
  s: SplitArrays,
  sel: Pick<Selection, 'keep' | 'weights'>,
): SplitArrays {
  const k = sel.keep.length;
  const rowsOf = <A extends Float32Array | Int32Array | Uint8Array>(
    a: A,
    width: number,
  ): A => {
    const out = new (a.constructor as new (n: number) => A)(k * width);
    for (let i = 0; i < k; i++) {
      const r = sel.keep[i];
      for (let j = 0; j < width; j++) out[i * width + j] = a[r * width + j];
    }
    return out;
  };
  const weights = Float32Array.from(
    sel.keep,
    (r, i) => s.weights[r] * sel.weights[i],
  );
  return {
    ...s,
    rows: k,
    sampleId: rowsOf(s.sampleId, 1),
    cat: rowsOf(s.cat, s.nCat),
    dense: rowsOf(s.dense, s.nDense),
    labels: rowsOf(s.labels, s.nTasks),
    weights,
    user: rowsOf(s.user, 1),
    item: rowsOf(s.item, 1),
    category: rowsOf(s.category, 1),
    time: Float64Array.from(sel.keep, (r) => s.time[r]),
    sampled: rowsOf(s.sampled, 1),
    evalColumns: Object.fromEntries(
      Object.entries(s.evalColumns).map(([n, v]) => [n, rowsOf(v, 1)]),
    ),
  };
}
