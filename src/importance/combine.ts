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
 * against; 0 = not used unless set). Every column used counts the same,
 * |α| = 1, with the sign of what it says about keeping a row:
 *
 * - knn_shapley (+): helps its validation neighbours be classified right;
 * - influence (+): its TracIn gradient lowers the validation loss;
 * - redundancy (+): far from its same-label neighbours, not a duplicate;
 * - noise (−): the model's pooled odds that its labels are wrong;
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
 * The plain hardness signals (loss, el2n, grand, variability,
 * forgetting) weigh 0: behaviour logs are noisy, the rows a model fits
 * worst are mislabelled at least as often as informative, and their
 * evidence already enters `noise`.
 */
export const DEFAULT_IMPORTANCE_WEIGHTS: Readonly<Record<string, number>> = {
  loss: 0,
  el2n: 0,
  grand: 0,
  variability: 0,
  forgetting: 0,
  coverage: -1,
  redundancy: 1,
  influence: 1,
  knn_shapley: 1,
  noise: -1,
};

/**
 * The combined importance of every row:
 *
 *   importance = Σ_m α_m·rank_s(x_m) / Σ_m |α_m|,
 *
 * over the columns m present in both `columns` and `weights` (α_m ≠ 0),
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
  weights: Readonly<Record<string, number>> = DEFAULT_IMPORTANCE_WEIGHTS,
): Float32Array {
  const n = strata.length;
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
 * column.
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
