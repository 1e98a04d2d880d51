/**
 * The shapes every data-optimization strategy shares. A strategy is a pure
 * function of the training split's labels and per-sample scores: it picks
 * rows to keep and a loss weight for each, and says what it did. It never
 * sees the validation or test split.
 */

/** What a strategy reads of the training split. */
export interface StrategyInput {
  /** Rows x tasks labels, each 0 or 1. */
  labels: Float32Array;
  tasks: number;
  /** True where the row is a sampled negative (its own stratum). */
  sampled?: Uint8Array;
  /**
   * Per-row score aligned with the rows (higher = more important to keep),
   * e.g. `importance` of the scores table. NaN is neutral (middle rank).
   */
  score?: ArrayLike<number>;
  /** Per-row noise in [0, 1] (higher = more likely mislabelled). */
  noise?: ArrayLike<number>;
}

/** One label stratum before and after selection. */
export interface StratumRecord {
  /** Joint label code Σ_t y_t·2^t (+2^T for sampled negatives). */
  code: number;
  rows: number;
  kept: number;
  /** Sum of the kept rows' weights. */
  weight: number;
}

/** What a strategy did, written into the derived dataset's provenance. */
export interface SelectionRecord {
  strategy: string;
  /** Requested fraction of rows to keep, in (0, 1]. */
  keep: number;
  rows: number;
  kept: number;
  /** Parameters as used (after defaults). */
  params: Record<string, unknown>;
  strata: StratumRecord[];
  /** Per task: positive rate of the input and weighted rate of the output. */
  positiveRate: { before: number[]; after: number[] };
  /** Smallest, mean and largest weight of the kept rows. */
  weights: { min: number; mean: number; max: number };
  /** What the weights correct, in words. */
  correction: string;
}

/** The result of a strategy: kept row indices (ascending) and weights. */
export interface Selection {
  keep: Int32Array;
  /** One weight per kept row, aligned with `keep`. */
  weights: Float32Array;
  record: SelectionRecord;
}
