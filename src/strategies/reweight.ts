/**
 * `reweight`: keep every row and weight it by its importance rank within
 * its label stratum: w = 1 + β·(2·rank − 1), rank in [0, 1]. Weights lie in
 * [1 − β, 1 + β] and average exactly 1 inside every stratum (average ranks
 * are symmetric about 1/2), so label shares and the total weight are
 * unchanged; only rows inside a stratum trade weight.
 */
import { UsageError } from '../errors.ts';
import { rankWithinStrata } from '../importance/strata.ts';
import { meanOne } from './prune.ts';
import { checkInput, finish } from './record.ts';
import { strataOf } from './strata.ts';
import type { Selection, StrategyInput } from './types.ts';

export interface ReweightOptions {
  /**
   * Spread β in [0, 1): weights range over [1 − β, 1 + β]. Default 0.5
   * (the most important row counts three times the least important).
   */
  spread?: number;
}

/** Weights every row by importance within its stratum; keeps all rows. */
export function reweight(
  input: StrategyInput,
  o: ReweightOptions = {},
): Selection {
  const rows = checkInput(input, { score: true });
  const beta = o.spread ?? 0.5;
  if (!(beta >= 0 && beta < 1)) {
    throw new UsageError(`reweight spread must be in [0, 1), got ${beta}`);
  }
  const strata = strataOf(input);
  const rank = rankWithinStrata(input.score!, strata.code);
  const w = Float32Array.from(rank, (r) => 1 + beta * (2 * r - 1));
  const keep = Int32Array.from({ length: rows }, (_, i) => i);
  return finish(input, strata, keep, meanOne(w), {
    strategy: 'reweight',
    keep: 1,
    params: { spread: beta },
    correction:
      'none needed: weights average 1 within every label stratum, ' +
      `bounded in [${1 - beta}, ${1 + beta}]`,
  });
}
