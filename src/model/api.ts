/**
 * The public surface of a trained multi-task model, as the importance
 * scorers, the strategies and the applications see it. `model/` knows nothing
 * of files: it takes batches of typed arrays and returns typed arrays.
 */

export type Architecture = 'shared-bottom' | 'esmm' | 'mmoe' | 'ple';

/** A batch of rows in the layout of `SplitArrays` (row-major). */
export interface Batch {
  rows: number;
  /** rows x nCat categorical ids. */
  cat: Int32Array;
  /** rows x nDense numeric values. */
  dense: Float32Array;
}

/** A labelled batch, for training and for per-sample gradients. */
export interface LabelledBatch extends Batch {
  /** rows x nTasks, 0 or 1. */
  labels: Float32Array;
  /** Per-sample loss weights. */
  weights: Float32Array;
}

/**
 * What the importance scorers need from a model for each row. Every array is
 * row-major; `T` is the number of tasks.
 */
export interface Inspection {
  /** rows x T predicted probabilities (for ESMM: pCTR, pCTCVR, ...). */
  probs: Float32Array;
  /** rows x H: the output of the last shared layer (the representation). */
  shared: Float32Array;
  sharedDim: number;
  /**
   * rows x T x D: per task, the input of the tower's final linear layer.
   * Together with (p - y) it gives the exact last-layer gradient
   * (p - y) * [a; 1] used by TracIn.
   */
  towerInputs: Float32Array;
  towerInputDim: number;
  /**
   * rows x T: the exact per-sample gradient norm of task t's unweighted
   * loss with respect to the tower parameters and the last shared layer.
   * For a linear layer the per-sample weight gradient is the outer product
   * of its input and its output delta, so its Frobenius norm is
   * ||input|| * ||delta||, computed in closed form without materialising it.
   */
  gradNorm: Float32Array;
}

export interface MultiTaskModel {
  readonly tasks: readonly string[];
  readonly architecture: Architecture;
  /** rows x T predicted probabilities. */
  predict(batch: Batch): Float32Array;
  /** Predictions plus the per-row internals the scorers need. */
  inspect(batch: LabelledBatch): Inspection;
}
