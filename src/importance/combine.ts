/**
 * Method `importance`: one score per sample that carries the multi-task
 * objective L = L_ctr + λ·L_cvr to every signal. Each method's column is
 * already combined over tasks with the task weights; here the columns are
 * made comparable and mixed.
 */
import { UsageError } from '../errors.ts';
import { rankWithinStrata } from './strata.ts';

/**
 * Default weight of each column in `importance` (negative = counts
 * against; 0 = not used unless set): its sign times its seed reliability,
 *
 *   α_m = sign_m · r_m,
 *
 * with r_m the Spearman correlation of the column's ranks within label
 * strata between models trained with different seeds. Weighting a ranked
 * column x by r is Kelley's estimate of its seed-stable part,
 * r·(x − ½) + ½: a column that is half seed noise counts half. Summed with
 * equal weights, a column whose ranks are mostly noise (knn_shapley) hands
 * its noise to the whole score (±1 weights: importance correlated 0.50 to
 * 0.68 between seeds on Adressa). r_m is the lowest, over the generated world
 * and DenoisingRec's Yelp and Adressa, of the mean over seed pairs (3, 3
 * and 5 seeds; `npm run bench -- score --only seeds` prints it), rounded to
 * a tenth, since defaults must hold on data that was not measured:
 *
 *   column       sign   r (world, Yelp, Adressa)    α
 *   coverage      −     1    (a function of the data)   −1
 *   influence     +     0.57, 0.86, 0.82              0.6
 *   redundancy    +     0.95, 0.40, 0.81              0.4
 *   knn_shapley   +     0.74, 0.13, 0.38              0.1
 *   noise         −     0.95, 0.88, 0.96              0 (see below)
 *
 * The signs say what a column tells about keeping a row:
 *
 * - influence (+): its TracIn gradient lowers the validation loss;
 * - redundancy (+): far from its same-label neighbours, not a duplicate;
 * - knn_shapley (+): helps its validation neighbours be classified right;
 *   its value depends on which validation points fall near the row in one
 *   model's representation space, hence its low r;
 * - coverage (−): a row of a rarely seen user, item or category has
 *   nothing else in the log that corroborates it: a one-off visit, a
 *   misclick or a bounce looks the same as a real preference, and the
 *   model memorises such a row through its own embedding rather than
 *   learning from it (which is also why its loss is low). On the real
 *   false-positive flags of DenoisingRec rare rows are the noisier ones
 *   (AUROC of coverage 0.59 on Yelp, 0.52 on Adressa), on uniformly
 *   planted noise coverage is neutral (0.50); so rarity does not earn a
 *   row its place.
 *
 * noise (the odds that a label is wrong) and influence read the same
 * evidence, how badly the model fits the row, in opposite directions:
 * TracIn credits a misfit row's large gradient, noise suspects its label
 * (Spearman of their ranks +0.5 to +0.8 on all three datasets). With
 * opposite signs their shared part cancels and the sum is a difference
 * score, whose reliability falls as (r̄ − r₁₂)/(1 − r₁₂) (r̄ the columns'
 * mean reliability, r₁₂ their correlation): measured between seeds 0.68,
 * 0.46 and 0.19 on Adressa, Yelp and the world, below either column
 * alone. One account of misfit rows is kept: influence, which measures
 * the objective itself and is the better detector where they disagree
 * (real flags on Adressa: AUROC 0.52-0.62 against 0.33-0.34 over five
 * seeds, on Yelp 0.51-0.52 against 0.50-0.51; planted flips in
 * taobao-hscd: 0.82-0.87 against 0.68-0.77; only the generated world's
 * planted rows favour noise). `noise` stays its own column, for
 * filtering suspected labels, and `noise=-1` brings it back into
 * `importance`. Where no influence column is computed (no saved
 * checkpoints, dynamics logged by another trainer, or `--methods` without
 * it) there is nothing for noise to cancel against, and the default
 * weights give it its own sign times reliability, NOISE_STAND_IN = −0.9.
 *
 * The plain hardness signals (loss, el2n, grand, variability,
 * forgetting) weigh 0: behaviour logs are noisy, the rows a model fits
 * worst are mislabelled at least as often as informative, and TracIn
 * already weighs their gradients against the validation set.
 */
export const DEFAULT_IMPORTANCE_WEIGHTS: Readonly<Record<string, number>> = {
  loss: 0,
  el2n: 0,
  grand: 0,
  variability: 0,
  forgetting: 0,
  coverage: -1,
  redundancy: 0.4,
  influence: 0.6,
  knn_shapley: 0.1,
  noise: 0,
};

/** noise's default weight when no influence column is computed (above). */
export const NOISE_STAND_IN = -0.9;

/**
 * The weights `importanceScores` applies to `columns`: `weights` as
 * given, except that the default weights (this very object, as
 * `scoreSamples` passes it when no weights are set) let noise stand in
 * for a missing influence column. Explicit weights are taken as written.
 */
export function effectiveWeights(
  columns: ReadonlyMap<string, unknown>,
  weights: Readonly<Record<string, number>>,
): Readonly<Record<string, number>> {
  if (weights !== DEFAULT_IMPORTANCE_WEIGHTS || columns.has('influence')) {
    return weights;
  }
  return { ...weights, noise: NOISE_STAND_IN };
}

/**
 * The combined importance of every row:
 *
 *   importance = Σ_m α_m·rank_s(x_m) / Σ_m |α_m|,
 *
 * over the columns m present in both `columns` and `weights` (α_m ≠ 0;
 * see `effectiveWeights` for noise under the defaults),
 * where x_m is column m (already task-weighted: Σ_t w_t·x_{m,t} or its
 * method's exact multi-task form) and rank_s its normalised rank in [0, 1]
 * within the row's joint label stratum (`labelStrata`). Ranking within
 * strata keeps every label combination's share of the data when the
 * highest-importance rows are kept. Range [−1, 1]; higher = more
 * important to keep. O(M·n log n).
 */
export function importanceScores(
  columns: ReadonlyMap<string, ArrayLike<number>>,
  strata: Int32Array,
  given: Readonly<Record<string, number>> = DEFAULT_IMPORTANCE_WEIGHTS,
): Float32Array {
  const n = strata.length;
  const weights = effectiveWeights(columns, given);
  const used = [...columns].filter(([name]) => (weights[name] ?? 0) !== 0);
  if (used.length === 0) {
    throw new UsageError(
      `importance needs at least one weighted column; have ` +
        `[${[...columns.keys()].join(', ')}], weights for ` +
        `[${Object.keys(weights).join(', ')}]`,
    );
  }
  const total = used.reduce((s, [name]) => s + Math.abs(weights[name]), 0);
  const out = new Float32Array(n);
  for (const [name, values] of used) {
    if (values.length !== n) {
      throw new UsageError(
        `column ${name} has ${values.length} values for ${n} rows`,
      );
    }
    const ranks = rankWithinStrata(values, strata);
    const alpha = weights[name] / total;
    for (let r = 0; r < n; r++) out[r] += alpha * ranks[r];
  }
  return out;
}

/**
 * Parses importance weights written as `name=value,name=value` (e.g.
 * `influence=3,noise=-1`), on top of the defaults. A weight of 0 drops a
 * column. The result is explicit weights: noise keeps the weight it has
 * here (0 unless set) even where no influence column is computed.
 */
export function parseImportanceWeights(spec: string): Record<string, number> {
  const out: Record<string, number> = { ...DEFAULT_IMPORTANCE_WEIGHTS };
  for (const part of spec.split(',').filter((p) => p.trim())) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const x = Number(value);
    if (!name || value === undefined || !Number.isFinite(x)) {
      throw new UsageError(
        `importance weight "${part}" is not name=number; e.g. ` +
          '"influence=3,noise=-1"',
      );
    }
    if (!(name in DEFAULT_IMPORTANCE_WEIGHTS)) {
      throw new UsageError(
        `importance weight for unknown column "${name}"; choose from ` +
          Object.keys(DEFAULT_IMPORTANCE_WEIGHTS).join(', '),
      );
    }
    out[name] = x;
  }
  return out;
}
