/**
 * What the HTML report shows, as plain data. `gatherReport` fills it from a
 * run directory; `renderReport` turns it into one HTML page. Every section is
 * optional: a stage that has not run yet leaves its section out, and the page
 * says which command fills it.
 */

/** A split's name as the stages write it (train, valid, test, ...). */
export type SplitLabel = string;

/** The prepared dataset: sizes, repairs and label rates. */
export interface DataSection {
  /** The dataset's name, from the prepared manifest. */
  name: string;
  /** Rows per split, in the order the splits should be shown. */
  rows: { split: SplitLabel; rows: number }[];
  /** Rows repaired or dropped while preparing, per reason. */
  repairs: { reason: string; count: number }[];
  /** Positive rate per task and split, in [0, 1]. */
  tasks: { name: string; rate: Record<SplitLabel, number> }[];
}

/** One task's quality on one split. */
export interface TaskMetrics {
  task: string;
  split: SplitLabel;
  /** Area under the ROC curve, in [0, 1]; higher is better, 0.5 is chance. */
  auc: number;
  /** AUC averaged over users weighted by impressions; higher is better. */
  gauc?: number;
  /** Mean binary cross-entropy in nats; lower is better. */
  logloss: number;
  /**
   * Mean predicted probability divided by the observed positive rate; 1 is
   * perfectly calibrated, above 1 over-predicts.
   */
  calibration?: number;
}

/** One epoch of training. */
export interface EpochPoint {
  epoch: number;
  /** Mean training loss of the epoch (all tasks, weighted by λ). */
  trainLoss: number;
  task: string;
  /** Validation AUC of `task` after the epoch. */
  validAuc: number;
}

/** The trained model: final metrics and learning curves. */
export interface ModelSection {
  /** Architecture name: shared-bottom, esmm, mmoe, ple. */
  arch: string;
  metrics: TaskMetrics[];
  history: EpochPoint[];
}

/** Mean importance of the samples in one group (category, bucket). */
export interface GroupMean {
  /** The group's label; buckets are shown in array order. */
  group: string;
  /** Mean importance of the group's samples (the primary method's scale). */
  mean: number;
  /** Number of samples in the group. */
  n: number;
}

/** One sample on the dataset-cartography map. */
export interface CartographyPoint {
  /** Mean probability given to the true label across epochs, in [0, 1]. */
  confidence: number;
  /** Standard deviation of that probability across epochs, in [0, 0.5]. */
  variability: number;
  /** Fraction of epochs in which the sample was predicted right, [0, 1]. */
  correctness: number;
  /** True when the sample is known (or planted) to be mislabelled. */
  noisy?: boolean;
}

/** Sample importance: distributions and where importance concentrates. */
export interface ImportanceSection {
  /** The method the breakdowns below use (e.g. "combined"). */
  primary: string;
  /** A random sample (a few thousand) of each method's scores. */
  methods: Record<string, number[]>;
  byCategory: GroupMean[];
  byUserActivity: GroupMean[];
  byItemPopularity: GroupMean[];
  /** Noise score (higher = more likely mislabelled) against the label. */
  noiseVsLabel: { task: string; label: number; noise: number }[];
  cartography: CartographyPoint[];
}

/** One model trained on a pruned dataset and evaluated. */
export interface PruningPoint {
  /** The scorer that chose what to keep ("random" is the baseline). */
  scorer: string;
  /** Fraction of training rows kept, in (0, 1]. */
  keep: number;
  seed: number;
  task: string;
  /** Test AUC of the model trained on the kept rows; higher is better. */
  auc: number;
  /** Wall-clock training time in seconds; lower is better. */
  seconds: number;
}

/** The data-optimization experiment. */
export interface EffectSection {
  curves: PruningPoint[];
  /** The reference: the model trained on all rows. */
  fullData: { task: string; auc: number; seconds: number }[];
}

/** The most and least important samples, as a table. */
export interface SamplesSection {
  columns: string[];
  rows: (string | number)[][];
}

/** A group of users and what characterises it. */
export interface UserSegment {
  name: string;
  /** Number of users in the segment. */
  size: number;
  /** The categories the segment buys or clicks most, most frequent first. */
  topCategories: string[];
  /** Purchases per click (or per impression, as the stage defines), [0, 1]. */
  conversion: number;
}

export interface UsersSection {
  segments: UserSegment[];
}

/** Everything the report can show; absent sections are "not run yet". */
export interface ReportData {
  /** The run's name, shown in the page header. */
  title: string;
  /** When the data was gathered, ISO 8601; omitted for repeatable output. */
  generated?: string;
  data?: DataSection;
  model?: ModelSection;
  importance?: ImportanceSection;
  effect?: EffectSection;
  samples?: SamplesSection;
  users?: UsersSection;
}

/** The report's sections in page order. */
export const SECTIONS = [
  'data',
  'model',
  'importance',
  'effect',
  'samples',
  'users',
] as const;

export type SectionId = (typeof SECTIONS)[number];
