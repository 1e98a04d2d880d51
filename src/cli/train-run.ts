/**
 * What `winnow train` does once its flags are parsed: select the tasks,
 * build the model config, resume from the last checkpoint of the same run,
 * train with a checkpoint per epoch, evaluate on valid and test, and write
 * the model directory.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedData } from '../data/load.ts';
import type { Architecture } from '../model/api.ts';
import { loadLatestCheckpoint, saveCheckpoint } from '../model/checkpoint.ts';
import { makeConfig, type ModelConfig } from '../model/config.ts';
import { saveModel } from '../model/io.ts';
import { taskMetrics, type TaskMetrics } from '../model/metrics.ts';
import type { ObjectiveOptions } from '../model/objective.ts';
import type { SparseOptimizer } from '../model/optimizers.ts';
import { train } from '../model/trainer.ts';
import type { EpochRecord, TrainOptions } from '../model/train-types.ts';
import { featureShape, taskIndices, withTasks } from './train-data.ts';

export interface TrainRequest {
  out: string;
  arch: Architecture;
  tasks?: string[];
  lambda: number;
  /** Explicit weights per task, or learned uncertainty weights. */
  taskWeights?: number[] | 'uncertainty';
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  embDim: number;
  hidden: number[];
  tower: number[];
  experts: number;
  levels: number;
  patience: number;
  sparse: SparseOptimizer;
  truncation?: { maxRate: number; steps: number };
  /** Ignore (and delete) existing checkpoints instead of resuming. */
  restart: boolean;
}

export interface TrainUi {
  progress?: (done: number, total: number, label?: string) => void;
  epoch?: (record: EpochRecord) => void;
  note?: (message: string) => void;
}

export interface TrainSummary {
  out: string;
  config: ModelConfig;
  bestEpoch: number;
  stoppedEarly: boolean;
  resumedFrom: number;
  history: EpochRecord[];
  metrics: Record<string, Record<string, TaskMetrics>>;
  taskWeights: number[];
}

export async function runTraining(
  req: TrainRequest,
  data: PreparedData,
  ui: TrainUi = {},
): Promise<TrainSummary> {
  const idx = taskIndices(data.manifest, req.tasks);
  const tasks = idx.map((i) => data.manifest.tasks[i].name);
  const splits = {
    train: withTasks(data.splits.train, idx),
    valid: withTasks(data.splits.valid, idx),
    test: withTasks(data.splits.test, idx),
  };
  const config = makeConfig({
    architecture: req.arch,
    tasks,
    ...featureShape(data.manifest),
    embDim: req.embDim,
    hidden: req.hidden,
    tower: req.tower,
    experts: req.experts,
    levels: req.levels,
    seed: req.seed,
  });
  const options = trainOptions(req);
  // More epochs may continue a run; anything else must match.
  const fingerprint = JSON.stringify({
    config,
    options: { ...options, epochs: null },
  });
  if (req.restart)
    rmSync(join(req.out, 'checkpoints'), { recursive: true, force: true });
  const resume = loadLatestCheckpoint(req.out, fingerprint) ?? undefined;
  if (resume) ui.note?.(`resuming after epoch ${resume.epoch} from ${req.out}`);
  const hasValid = splits.valid.rows > 0;
  const result = await train(
    { train: splits.train, valid: hasValid ? splits.valid : undefined },
    config,
    options,
    {
      onProgress: ui.progress,
      onEpoch: (record, snapshot) => {
        saveCheckpoint(req.out, snapshot(), fingerprint);
        ui.epoch?.(record);
      },
    },
    resume,
  );
  const metrics: TrainSummary['metrics'] = {};
  for (const name of ['valid', 'test'] as const) {
    const s = splits[name];
    if (s.rows === 0) continue;
    metrics[name] = taskMetrics(
      tasks,
      result.model.predict(s),
      s.labels,
      s.user,
    );
  }
  const training = {
    dataset: data.manifest.name,
    options,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    taskWeights: result.taskWeights,
    history: result.history,
  };
  saveModel(req.out, result.model, {
    features: data.manifest.features,
    training,
    metrics: { bestEpoch: result.bestEpoch, ...metrics },
    dynamics: options.dynamics === 'none' ? undefined : result.dynamics,
    gradNorms: result.gradNorms,
  });
  return {
    out: req.out,
    config,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    resumedFrom: resume?.epoch ?? 0,
    history: result.history,
    metrics,
    taskWeights: result.taskWeights,
  };
}

function trainOptions(req: TrainRequest): TrainOptions {
  const objective: ObjectiveOptions = { lambda: req.lambda };
  if (req.taskWeights === 'uncertainty') objective.uncertainty = true;
  else if (req.taskWeights) objective.taskWeights = req.taskWeights;
  if (req.truncation) objective.truncation = req.truncation;
  return {
    epochs: req.epochs,
    batchSize: req.batch,
    seed: req.seed,
    optimizer: { lr: req.lr, sparse: req.sparse },
    objective,
    patience: req.patience,
    monitor: 'auc',
    dynamics: 'uint16',
  };
}
