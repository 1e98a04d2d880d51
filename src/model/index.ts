/**
 * The model module's public surface: build, train, evaluate, save, load
 * and export multi-task ranking models.
 */
export type {
  Architecture,
  Batch,
  Inspection,
  LabelledBatch,
  MultiTaskModel,
} from './api.ts';
export { ARCHITECTURES, DEFAULT_SHAPE, makeConfig } from './config.ts';
export type { ModelConfig } from './config.ts';
export { WinnowModel, PREDICT_CHUNK } from './model.ts';
export { train } from './trainer.ts';
export type { TrainData } from './trainer.ts';
export { DEFAULT_TRAIN } from './train-types.ts';
export type {
  EpochRecord,
  TrainHooks,
  TrainOptions,
  TrainResult,
  TrainState,
} from './train-types.ts';
export type { ObjectiveOptions } from './objective.ts';
export type { OptimizerOptions, SparseOptimizer } from './optimizers.ts';
export {
  auc,
  calibration,
  gauc,
  logloss,
  taskMetrics,
  type TaskMetrics,
} from './metrics.ts';
export {
  appendEpoch,
  dynamicsAt,
  type Dynamics,
  type DynamicsEncoding,
} from './dynamics.ts';
export {
  loadDynamics,
  loadModel,
  saveModel,
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelFile,
} from './io.ts';
export { loadLatestCheckpoint, saveCheckpoint } from './checkpoint.ts';
export { exportOnnx } from './onnx/export.ts';
export { createOnnxPredictor, type OnnxPredictor } from './onnx/predictor.ts';
export {
  kernelBackend,
  setKernelBackend,
  setKernelThreads,
} from './kernels.ts';
