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
}

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
  const noise = input.noise!;
  const flagged = (r: number) => noise[r] > threshold;
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
  return finish(input, strataOf(input), keep, weights, {
    strategy: 'denoise',
    keep: keep.length / Math.max(n, 1),
    params: { threshold, mode },
    correction:
      'none: flagged rows are meant to stop counting; weights mean 1 ' +
      '(down-weighted rows weigh 1 − noise before scaling)',
  });
}
