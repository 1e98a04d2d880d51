/** Options, hooks, state and results of `train()`. */
import type { DynamicsEncoding, Dynamics, GradNorms } from './dynamics.ts';
import type { TaskMetrics } from './metrics.ts';
import type { WinnowModel } from './model.ts';
import type { ObjectiveOptions } from './objective.ts';
import type { OptimizerOptions, OptimizerState } from './optimizers.ts';
import type { Vec } from './tensor.ts';

export interface TrainOptions {
  /** Passes over the training split (default 5). */
  epochs: number;
  /** Rows per gradient step (default 1024). */
  batchSize: number;
  /** Seed of the row shuffling (initialisation uses the model config). */
  seed: number;
  optimizer: Partial<OptimizerOptions>;
  objective: ObjectiveOptions;
  /**
   * Stop after this many epochs without improvement on the validation
   * split and keep the best epoch's weights; 0 disables early stopping.
   */
  patience: number;
  /** Validation score: mean AUC over tasks, or the objective's loss. */
  monitor: 'auc' | 'loss';
  /** Encoding of the recorded dynamics, or 'none' to skip recording. */
  dynamics: DynamicsEncoding | 'none';
}

export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 5,
  batchSize: 1024,
  seed: 0,
  optimizer: {},
  objective: {},
  patience: 2,
  monitor: 'auc',
  dynamics: 'uint16',
};

/** What one epoch did. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean objective over the epoch's batches (lower is better). */
  trainLoss: number;
  /** Mean per-task loss over the epoch, before task weights. */
  trainTaskLoss: Record<string, number>;
  /** Per-task metrics on the validation split, when there is one. */
  valid?: Record<string, TaskMetrics>;
  /** The monitored score, oriented so that higher is better. */
  score: number | null;
  samplesPerSecond: number;
  seconds: number;
  /** Current task weights c_t (learned ones with uncertainty weighting). */
  taskWeights: number[];
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainState {
  /** Completed epochs. */
  epoch: number;
  /** Values of model and objective parameters, in `trainParams()` order. */
  params: Vec[];
  optimizer: OptimizerState;
  history: EpochRecord[];
  best: { epoch: number; score: number | null; params: Vec[] | null };
  /** Epochs since the best one. */
  stale: number;
  dynamics: Dynamics;
}

export interface TrainHooks {
  /** Samples done of all epochs' samples; `label` carries the rate. */
  onProgress?: (done: number, total: number, label?: string) => void;
  /** After every epoch, with a way to take a checkpoint of the run. */
  onEpoch?: (
    record: EpochRecord,
    snapshot: () => TrainState,
  ) => void | Promise<void>;
}

export interface TrainResult {
  model: WinnowModel;
  history: EpochRecord[];
  /** The epoch whose weights the model holds (1-based). */
  bestEpoch: number;
  stoppedEarly: boolean;
  dynamics: Dynamics;
  /**
   * Gradient norms measured while training the last scheduled epoch, when
   * it is the best; null otherwise, when the run records no dynamics, for
   * ESMM, or when that epoch was trained before a resume.
   */
  gradNorms: GradNorms | null;
  /** Final task weights (learned ones with uncertainty weighting). */
  taskWeights: number[];
}
