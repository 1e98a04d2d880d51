/**
 * The shapes the importance scorers share. Every scorer is a pure function
 * over typed arrays: it reads these and returns new arrays, never files.
 */

/** Labels of one split: `rows x tasks`, row-major, each 0 or 1. */
export interface Labelled {
  rows: number;
  tasks: number;
  labels: Float32Array;
}

/**
 * Per-sample, per-epoch predictions of one training run: `epochs x rows x
 * tasks` probabilities in [0, 1], row-major (epoch e, row r, task t at
 * `(e * rows + r) * tasks + t`), recorded on the training split after (or
 * during) each epoch.
 */
export interface DynamicsTensor {
  epochs: number;
  rows: number;
  tasks: number;
  probs: Float32Array;
}

/**
 * A score computed per task and combined over tasks. `perTask` is `rows x
 * tasks` row-major; `combined` has one value per row.
 */
export interface TaskScores {
  perTask: Float32Array;
  combined: Float32Array;
}

/** Reports progress of long work: `done` of `total` units. */
export type OnProgress = (done: number, total: number, label?: string) => void;
