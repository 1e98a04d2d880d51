/** Input checks and the record every strategy returns. */
import { UsageError } from '../errors.ts';
import { stratumRecords, type Strata } from './strata.ts';
import type { Selection, SelectionRecord, StrategyInput } from './types.ts';

/** Throws a UsageError unless `keep` is a fraction in (0, 1]. */
export function checkKeep(keep: number): void {
  if (!(keep > 0 && keep <= 1)) {
    throw new UsageError(
      `keep must be a fraction in (0, 1], got ${keep}; e.g. --keep 0.5`,
    );
  }
}

/** Throws unless the labels, score and noise have one entry per row. */
export function checkInput(
  input: StrategyInput,
  needs: { score?: boolean; noise?: boolean } = {},
): number {
  const { labels, tasks } = input;
  if (!Number.isInteger(tasks) || tasks < 1 || labels.length % tasks) {
    throw new UsageError(
      `labels must be rows x tasks; got ${labels.length} values for ` +
        `${tasks} tasks`,
    );
  }
  const rows = labels.length / tasks;
  const check = (name: string, a: ArrayLike<number> | undefined) => {
    if (a && a.length !== rows) {
      throw new UsageError(
        `${name} has ${a.length} values for ${rows} training rows; ` +
          'score the same prepared dataset',
      );
    }
  };
  check('score', input.score);
  check('noise', input.noise);
  check('sampled', input.sampled);
  if (needs.score && !input.score) {
    throw new UsageError('this strategy needs a score per sample');
  }
  if (needs.noise && !input.noise) {
    throw new UsageError('this strategy needs a noise score per sample');
  }
  return rows;
}

/** Positive rate per task, weighted by `w` over the rows `rows`. */
export function positiveRates(
  input: StrategyInput,
  rows: ArrayLike<number>,
  w?: ArrayLike<number>,
): number[] {
  const T = input.tasks;
  const pos = new Array<number>(T).fill(0);
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const wi = w ? w[i] : 1;
    total += wi;
    for (let t = 0; t < T; t++) {
      if (input.labels[rows[i] * T + t] > 0.5) pos[t] += wi;
    }
  }
  return pos.map((p) => (total > 0 ? p / total : NaN));
}

/** Assembles a Selection with its record (strata, rates, weight range). */
export function finish(
  input: StrategyInput,
  strata: Strata,
  keep: Int32Array,
  weights: Float32Array,
  head: Pick<SelectionRecord, 'strategy' | 'keep' | 'params' | 'correction'>,
): Selection {
  const rows = strata.code.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const w of weights) {
    min = Math.min(min, w);
    max = Math.max(max, w);
    sum += w;
  }
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const record: SelectionRecord = {
    ...head,
    rows,
    kept: keep.length,
    strata: stratumRecords(strata, keep, weights),
    positiveRate: {
      before: positiveRates(input, all),
      after: positiveRates(input, keep, weights),
    },
    weights: { min, mean: keep.length ? sum / keep.length : NaN, max },
  };
  return { keep, weights, record };
}

/** Sorts kept rows ascending, carrying their weights along. */
export function sortKept(
  rows: ArrayLike<number>,
  weights: ArrayLike<number>,
): { keep: Int32Array; weights: Float32Array } {
  const order = Array.from({ length: rows.length }, (_, i) => i).sort(
    (a, b) => rows[a] - rows[b],
  );
  return {
    keep: Int32Array.from(order, (i) => rows[i]),
    weights: Float32Array.from(order, (i) => weights[i]),
  };
}
