/**
 * The scoring methods by name, with what each measures, its range and its
 * direction: the text of `winnow score --help` and of the docs.
 */

import { DEFAULT_IMPORTANCE_WEIGHTS } from './combine.ts';

/** Method names accepted by `--methods` (fixed by the CLI contract). */
export const METHOD_NAMES = [
  'loss',
  'el2n',
  'grand',
  'dynamics',
  'coverage',
  'redundancy',
  'influence',
  'knn-shapley',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

export interface MethodInfo {
  /** Columns it adds to the scores table. */
  columns: string[];
  measures: string;
  range: string;
  /** Which direction means more important. */
  direction: string;
  /** What it needs; "dynamics" methods also work with `--dynamics FILE`. */
  needs: string;
}

export const METHOD_INFO: Readonly<Record<MethodName, MethodInfo>> = {
  loss: {
    columns: ['loss', 'loss_<task>'],
    measures: 'per-task cross-entropy and Σ_t w_t·loss_t under the final model',
    range: '[0, ~16] per task',
    direction: 'higher = harder (informative, or mislabelled)',
    needs: 'final predictions (a model, or the last logged epoch)',
  },
  el2n: {
    columns: ['el2n'],
    measures: 'sqrt(Σ_t w_t·(p_t − y_t)²) averaged over early epochs and runs',
    range: '[0, sqrt(Σ_t w_t)]',
    direction: 'higher = still misfit early: hard, rare or mislabelled',
    needs: 'per-epoch predictions',
  },
  grand: {
    columns: ['grand'],
    measures:
      'exact per-sample gradient norm (towers + last shared layer), ' +
      "sqrt(Σ_t w_t²·g_t²), as the last epoch's own steps measured it " +
      '(recorded by train; ESMM, or an earlier best epoch: at the final ' +
      'model)',
    range: '[0, ∞)',
    direction: 'higher = moves the model more',
    needs: 'a Winnow model',
  },
  dynamics: {
    columns: ['confidence', 'variability', 'correctness', 'forgetting', 'aum'],
    measures:
      'cartography (mean and std of p(label) over epochs, share correct), ' +
      'forgetting events, area under the margin',
    range:
      'confidence, correctness [0, 1]; variability [0, 0.5]; ' +
      'forgetting [0, epochs]; aum [~−16, ~16]',
    direction:
      'high variability / forgetting = informative; low confidence with ' +
      'low variability and negative aum = likely mislabelled',
    needs: 'per-epoch predictions',
  },
  coverage: {
    columns: ['coverage'],
    measures:
      'smoothed inverse frequency ln((N + αK)/(c + α)) of the user, item, ' +
      'category and user×category, averaged',
    range: '(0, ln(N + αK)]',
    direction: 'higher = rarer region = more important',
    needs: 'user, item and category of each row',
  },
  redundancy: {
    columns: ['redundancy'],
    measures:
      'mean distance to the k nearest same-label samples in the learned ' +
      'representation (HNSW, O(n log n))',
    range: '[0, ∞)',
    direction: 'higher = less redundant; near-duplicates score about 0',
    needs: 'a Winnow model',
  },
  influence: {
    columns: ['influence'],
    measures:
      'TracIn over epoch checkpoints with exact last-layer gradients ' +
      'against the mean validation loss, Σ_t w_t²·I_t (O(C·(N + V)·T·D))',
    range: 'unbounded, scale of the learning rate',
    direction: 'positive = helps validation loss; negative = hurts it',
    needs: 'a Winnow model with saved checkpoints, and the valid split',
  },
  'knn-shapley': {
    columns: ['knn_shapley'],
    measures:
      'exact KNN-Shapley (Jia et al. 2019) on each validation point’s M ' +
      'nearest training representations, summed, Σ_t w_t·s_t',
    range: 'about [−V/K, V/K]',
    direction:
      'positive = helps neighbours be classified right; negative = misleads',
    needs: 'a Winnow model and the valid split',
  },
};

/** Help text for the two combined columns. */
export const COMBINED_INFO = {
  importance:
    'Σ_m α_m·rank(x_m) / Σ|α_m| over the method columns, each ranked ' +
    'within its label stratum; in [−1, 1], higher = keep. Default α: ' +
    Object.entries(DEFAULT_IMPORTANCE_WEIGHTS)
      .filter(([, a]) => a !== 0)
      .map(([m, a]) => `${m} ${a}`)
      .join(', ') +
    ": each column's sign times its seed reliability (the Spearman of its " +
    'ranks between training seeds), so that a column that is half seed ' +
    'noise counts half; coverage counts against (a rare row has nothing ' +
    'that corroborates it). noise 0: it and influence both read how badly ' +
    'the model fits a row, with opposite signs, and their difference is ' +
    'unstable across seeds; influence is kept (without an influence ' +
    'column, noise counts −0.9). loss, el2n, grand, ' +
    'variability and forgetting 0, since on noisy logs they mark ' +
    'mislabelled rows as much as informative ones. Configurable ' +
    '(--importance-weights name=value,...).',
  noise:
    'the log-odds the model gives to the other label, from −aum, ' +
    'confidence, the final loss, the early error and kNN label ' +
    'disagreement, averaged per task and over tasks by their weights, ' +
    'then σ(·); in (0, 1), above 0.5 when the model favours the other ' +
    'labels; higher = a label more likely wrong.',
} as const;

/** One help line per method, for `winnow score --help`. */
export function methodsHelp(): string {
  const lines = METHOD_NAMES.map((name) => {
    const m = METHOD_INFO[name];
    return (
      `  ${name}: ${m.measures}.\n      range ${m.range}; ${m.direction}. ` +
      `Needs ${m.needs}.`
    );
  });
  lines.push(`  importance: ${COMBINED_INFO.importance}`);
  lines.push(`  noise: ${COMBINED_INFO.noise}`);
  return lines.join('\n');
}
