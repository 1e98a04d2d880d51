/**
 * `denoise`: drop, or down-weight, the rows whose noise score passes a
 * threshold. Unlike the other strategies this one is meant to change label
 * rates: a row flagged as mislabelled (an accidental click) should stop
 * counting as a positive. The truncated-loss rule of T-CE (drop the
 * largest-loss positives at a rate that grows during training) is the
 * trainer's `truncation` objective option (`winnow train --truncate`).
 */
import { UsageError } from '../errors.ts';
import { meanOne } from './prune.ts';
import { checkInput, finish } from './record.ts';
import { strataOf } from './strata.ts';
import type { Selection, StrategyInput } from './types.ts';

export interface DenoiseOptions {
  /** Rows with noise above this, in [0, 1], are treated. Default 0.5. */
  threshold?: number;
  /** Drop flagged rows, or weight them by (1 − noise). Default 'drop'. */
  mode?: 'drop' | 'downweight';
  /**
   * At most this share of each label stratum is treated, its noisiest
   * rows first, in [0, 1]. Default 0.2.
   *
   * A model's odds that a label is wrong are high for nearly every row of
   * a rare positive label (it predicts a low purchase probability for
   * almost all rows, the real purchases included): on the generated
   * demo world every cart and purchase positive scores noise above 0.5
   * while 7 labels were planted wrong. A bare threshold would remove the
   * task's positives altogether. The ceiling plays the part that the
   * maximum drop rate plays in T-CE's truncated loss (0.05 to 0.2 there).
   */
  maxShare?: number;
}

/** The default `maxShare`. */
export const DENOISE_MAX_SHARE = 0.2;

/** Drops or down-weights rows whose noise passes the threshold. */
export function denoise(
  input: StrategyInput,
  o: DenoiseOptions = {},
): Selection {
  const n = checkInput(input, { noise: true });
  const threshold = o.threshold ?? 0.5;
  const mode = o.mode ?? 'drop';
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new UsageError(`denoise threshold must be in [0, 1]: ${threshold}`);
  }
  if (mode !== 'drop' && mode !== 'downweight') {
    throw new UsageError(`denoise mode must be drop or downweight: ${mode}`);
  }
  const maxShare = o.maxShare ?? DENOISE_MAX_SHARE;
  if (!(maxShare >= 0 && maxShare <= 1)) {
    throw new UsageError(`denoise maxShare must be in [0, 1]: ${maxShare}`);
  }
  const noise = input.noise!;
  const strata = strataOf(input);
  const isFlagged = flagRows(noise, strata.groups, threshold, maxShare);
  const flagged = (r: number) => isFlagged[r] === 1;
  const rows: number[] = [];
  const w: number[] = [];
  for (let r = 0; r < n; r++) {
    if (!flagged(r)) {
      rows.push(r);
      w.push(1);
    } else if (mode === 'downweight') {
      rows.push(r);
      w.push(Math.max(0.01, 1 - noise[r]));
    }
  }
  const keep = Int32Array.from(rows);
  const weights = meanOne(Float32Array.from(w));
  return finish(input, strata, keep, weights, {
    strategy: 'denoise',
    keep: keep.length / Math.max(n, 1),
    params: { threshold, mode, maxShare },
    correction:
      'none: flagged rows are meant to stop counting; weights mean 1 ' +
      '(down-weighted rows weigh 1 − noise before scaling)',
  });
}

/**
 * 1 for the rows whose noise passes `threshold`, at most
 * floor(maxShare · size) per stratum: the noisiest (ties by row order).
 */
function flagRows(
  noise: ArrayLike<number>,
  groups: { rows: Int32Array }[],
  threshold: number,
  maxShare: number,
): Uint8Array {
  const out = new Uint8Array(noise.length);
  for (const { rows } of groups) {
    const over = Array.from(rows).filter((r) => noise[r] > threshold);
    const cap = Math.floor(maxShare * rows.length);
    if (over.length > cap) over.sort((a, b) => noise[b] - noise[a] || a - b);
    for (const r of over.slice(0, cap)) out[r] = 1;
  }
  return out;
}
