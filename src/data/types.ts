/**
 * The prepared dataset: what `winnow prepare` writes and every later stage
 * reads. On disk it is a directory with `manifest.json`, `quality.json` and
 * one Parquet file per split; in memory a split is a bundle of typed arrays.
 */

/** Version of the prepared-dataset format written in the manifest. */
export const PREPARED_FORMAT_VERSION = 1;

export type SplitName = 'train' | 'valid' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'valid', 'test'];

/** A categorical feature: integer ids in [0, vocab), 0 is out-of-vocabulary. */
export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  /** Number of ids, including id 0 for unknown values. */
  vocab: number;
  /** True when ids are hashed buckets rather than a learned vocabulary. */
  hashed: boolean;
  /** The column of the raw data it came from, for people reading it. */
  source: string;
}

/** A numeric feature, standardised to mean 0 and variance 1 on train. */
export interface NumericFeature {
  name: string;
  kind: 'numeric';
  mean: number;
  std: number;
  source: string;
}

export type Feature = CategoricalFeature | NumericFeature;

export interface TaskInfo {
  name: string;
  /** Positive rate per split. */
  positiveRate: Partial<Record<SplitName, number>>;
  /** How the label was made, for people reading the manifest. */
  from: string;
}

export interface PreparedManifest {
  format: 'winnow-prepared';
  version: number;
  name: string;
  rows: Record<SplitName, number>;
  /** How the splits were made: by time, or seeded by user. */
  split: { method: 'time' | 'user' | 'given'; detail: string };
  features: Feature[];
  tasks: TaskInfo[];
  /** Columns kept for evaluation only (never features), e.g. noise flags. */
  evalColumns: string[];
  /** Input files with their SHA-256, so a result can be traced to its data. */
  inputs: { path: string; bytes: number; sha256: string }[];
  /** The configuration that produced it, as validated. */
  config: unknown;
  /** Set when a dataset was derived from another one (by `winnow select`). */
  provenance?: Record<string, unknown>;
  seed: number;
}

/**
 * One split held in memory as typed arrays, row-major. This is what the model
 * and the importance scorers consume; they know nothing of files.
 */
export interface SplitArrays {
  rows: number;
  /** Stable sample ids, unique across splits. */
  sampleId: Int32Array;
  /** rows x categorical fields; field f of row r at r * nCat + f. */
  cat: Int32Array;
  nCat: number;
  /** rows x numeric features. */
  dense: Float32Array;
  nDense: number;
  /** rows x tasks, each 0 or 1. */
  labels: Float32Array;
  nTasks: number;
  /** Per-sample loss weights (1 when absent from the data). */
  weights: Float32Array;
  /** Dense user and item indices (0-based), for GAUC and coverage. */
  user: Int32Array;
  item: Int32Array;
  /** Raw user and item keys, indexed by the dense indices above. */
  userKeys: string[];
  itemKeys: string[];
  /** Item category index per row (-1 when unknown). */
  category: Int32Array;
  /** Event time in seconds since the epoch, NaN when unknown. */
  time: Float64Array;
  /** True where the row is a sampled (not observed) negative. */
  sampled: Uint8Array;
  /** Evaluation-only columns (e.g. a noise flag), never model input. */
  evalColumns: Record<string, Float32Array>;
}
