/**
 * The training loop: seeded shuffling, mini-batch steps, validation after
 * every epoch with early stopping, recorded dynamics and resumable state.
 */
import type { SplitArrays } from '../data/types.ts';
import { UsageError } from '../errors.ts';
import { Rng } from '../util/rng.ts';
import { BatchBuffer } from './batches.ts';
import type { ModelConfig } from './config.ts';
import { appendEpoch, emptyDynamics, type GradNorms } from './dynamics.ts';
import { taskMetrics } from './metrics.ts';
import { WinnowModel } from './model.ts';
import { Objective } from './objective.ts';
import { Optimizer } from './optimizers.ts';
import { rowPool } from './rows/pool.ts';
import type { Param, Vec } from './tensor.ts';
import {
  DEFAULT_TRAIN,
  type EpochRecord,
  type TrainHooks,
  type TrainOptions,
  type TrainResult,
  type TrainState,
} from './train-types.ts';
import { validateSplit } from './validate.ts';
import { alloc } from './tensor.ts';

export interface TrainData {
  train: SplitArrays;
  valid?: SplitArrays;
}

/** The run in progress: model, objective, optimizer and bookkeeping. */
interface Run {
  model: WinnowModel;
  objective: Objective;
  optimizer: Optimizer;
  params: Param[];
  opts: TrainOptions;
  state: TrainState;
  /**
   * Gradient norms the steps of the last scheduled epoch measured (see
   * `recordsNorms`); not in checkpoints: a run resumed after that epoch
   * has none.
   */
  norms: GradNorms | null;
}

/**
 * Trains a model of `config` on `data.train`, validating on `data.valid`.
 * Pass `resume` (a state from `onEpoch`'s snapshot) to continue a run.
 */
export async function train(
  data: TrainData,
  config: ModelConfig,
  options: Partial<TrainOptions> = {},
  hooks: TrainHooks = {},
  resume?: TrainState,
): Promise<TrainResult> {
  const opts = { ...DEFAULT_TRAIN, ...options };
  checkOptions(opts);
  validateSplit(data.train, config, 'train');
  if (data.valid) validateSplit(data.valid, config, 'valid');
  const run = startRun(config, opts, data.train.rows, resume);
  // The row pool's threads, if wanted, start now and are waited for, so
  // that the first batches get their share of the work too.
  await rowPool().ready();
  const { train: split } = data;
  const total = opts.epochs * split.rows;
  const buffer = new BatchBuffer(split, opts.batchSize);
  let stoppedEarly = false;
  for (let e = run.state.epoch; e < opts.epochs; e++) {
    const record = runEpoch(run, split, buffer, e, (done, rate) =>
      hooks.onProgress?.(e * split.rows + done, total, rateLabel(rate)),
    );
    finishEpoch(run, data, record);
    await hooks.onEpoch?.(record, () => snapshot(run));
    if (opts.patience > 0 && run.state.stale >= opts.patience) {
      stoppedEarly = e + 1 < opts.epochs;
      break;
    }
  }
  return finish(run, stoppedEarly);
}

function checkOptions(o: TrainOptions): void {
  const ints: [string, number, number][] = [
    ['epochs', o.epochs, 1],
    ['batch size', o.batchSize, 1],
    ['patience', o.patience, 0],
  ];
  for (const [name, v, min] of ints) {
    if (!Number.isInteger(v) || v < min) {
      throw new UsageError(`${name} must be an integer >= ${min}, got ${v}`);
    }
  }
}

function startRun(
  config: ModelConfig,
  opts: TrainOptions,
  rows: number,
  resume?: TrainState,
): Run {
  const model = new WinnowModel(config);
  const esmm = config.architecture === 'esmm';
  const T = config.tasks.length;
  const objective = new Objective(T, esmm, opts.objective);
  const params = [...model.network.params(), ...objective.params()];
  const optimizer = new Optimizer(params, opts.optimizer);
  const encoding = opts.dynamics === 'none' ? 'uint16' : opts.dynamics;
  const state: TrainState = resume
    ? { ...resume, history: [...resume.history], best: { ...resume.best } }
    : {
        epoch: 0,
        params: [],
        optimizer: optimizer.state(),
        history: [],
        best: { epoch: 0, score: null, params: null },
        stale: 0,
        dynamics: emptyDynamics(encoding, rows, config.tasks),
      };
  if (resume) {
    params.forEach((p, k) => p.value.set(resume.params[k]));
    optimizer.restore(resume.optimizer);
  }
  return { model, objective, optimizer, params, opts, state, norms: null };
}

function runEpoch(
  run: Run,
  split: SplitArrays,
  buffer: BatchBuffer,
  epoch: number,
  progress: (done: number, rate: number) => void,
): EpochRecord {
  const { model, objective, optimizer, opts } = run;
  const net = model.network;
  const T = model.tasks.length;
  const order = new Rng(opts.seed + 7919 * (epoch + 1)).shuffle(
    Int32Array.from({ length: split.rows }, (_, i) => i),
  );
  const dLogits = alloc(net.dtype, opts.batchSize * T);
  const rec = recordsNorms(run, epoch)
    ? normRecorder(split.rows, T, opts)
    : null;
  const taskSums = new Array<number>(T).fill(0);
  let lossSum = 0;
  const start = performance.now();
  for (let lo = 0; lo < split.rows; lo += opts.batchSize) {
    const rows = Math.min(opts.batchSize, split.rows - lo);
    const b = buffer.fill(order, lo, rows);
    const z = net.forward(b.cat, b.dense, rows);
    const loss = objective.evaluate(
      z,
      b.labels,
      b.weights,
      rows,
      optimizer.step,
      dLogits,
    );
    if (!Number.isFinite(loss.total))
      throw diverged(run, epoch, lo, loss.total);
    rec?.zero(rows);
    const taskNorms = rec?.sq;
    net.backward(dLogits, rows, {
      paramGrads: true,
      inputGrad: true,
      taskNorms,
    });
    rec?.store(objective, b.weights, order, lo, rows);
    optimizer.update();
    lossSum += loss.total * rows;
    loss.perTask.forEach((l, t) => (taskSums[t] += l * rows));
    const secs = (performance.now() - start) / 1000;
    progress(lo + rows, (lo + rows) / Math.max(secs, 1e-9));
  }
  if (rec) {
    const tasks = [...model.tasks];
    run.norms = { epoch: epoch + 1, rows: split.rows, tasks, data: rec.out };
  }
  const seconds = (performance.now() - start) / 1000;
  const n = Math.max(split.rows, 1);
  return {
    epoch: epoch + 1,
    trainLoss: lossSum / n,
    trainTaskLoss: Object.fromEntries(
      model.tasks.map((name, t) => [name, taskSums[t] / n]),
    ),
    score: null,
    samplesPerSecond: split.rows / Math.max(seconds, 1e-9),
    seconds,
    taskWeights: model.tasks.map((_, t) => objective.taskWeight(t)),
  };
}

/**
 * The error for a loss that stopped being a number. Checked before the
 * update, so no NaN reaches the weights or a checkpoint; the usual cause
 * is a step size too large for the data (or inputs far out of scale).
 */
function diverged(run: Run, epoch: number, row: number, loss: number) {
  const { lr } = run.optimizer.options;
  return new UsageError(
    `training diverged in epoch ${epoch + 1} at row ${row} of the shuffled ` +
      `training split: the loss became ${loss}. Lower the learning rate ` +
      `(--lr, now ${lr}), or check the numeric features for extreme values.`,
  );
}

/**
 * Whether the steps of `epoch` (0-based) measure each training sample's
 * gradient norms (`TrainResult.gradNorms`): in the last scheduled epoch,
 * when the run records dynamics, outside ESMM (whose click tower mixes the
 * tasks' deltas). The measure costs that epoch 6-10% (row norms in
 * JavaScript, measured at 1M rows of taobao-hscd), so it is paid once, for
 * the epoch the model most often ends on; when early stopping keeps an
 * earlier epoch, scoring inspects the rows instead.
 */
function recordsNorms(run: Run, epoch: number): boolean {
  const { opts, model } = run;
  return opts.dynamics !== 'none' && !model.esmm && epoch === opts.epochs - 1;
}

/**
 * Buffers for one epoch's gradient norms: the squared norms of a batch per
 * task (scaled by the objective's weights), the scales that undo them, and
 * the epoch's rows x T unweighted norms in row order (NaN where a row's
 * weight or T-CE mask was 0: its own norm is then unknown).
 */
function normRecorder(rows: number, T: number, opts: TrainOptions) {
  const B = opts.batchSize;
  const sq = Array.from({ length: T }, () => new Float64Array(B));
  const scale = new Float64Array(B * T);
  const out = new Float32Array(rows * T).fill(NaN);
  return {
    sq,
    out,
    zero(n: number) {
      for (const a of sq) a.fill(0, 0, n);
    },
    /** Unweights the batch's norms and puts them in their rows' places. */
    store(
      objective: Objective,
      weights: Float32Array,
      order: Int32Array,
      lo: number,
      n: number,
    ) {
      objective.scales(weights, n, scale);
      for (let k = 0; k < n; k++) {
        const row = order[lo + k];
        for (let t = 0; t < T; t++) {
          const c = Math.abs(scale[k * T + t]);
          out[row * T + t] = c > 0 ? Math.sqrt(sq[t][k]) / c : NaN;
        }
      }
    },
  };
}

/** Records dynamics, validates, and updates the early-stopping state. */
function finishEpoch(run: Run, data: TrainData, record: EpochRecord): void {
  const { state, model, opts } = run;
  if (opts.dynamics !== 'none') {
    state.dynamics = appendEpoch(state.dynamics, model.predict(data.train));
  }
  if (data.valid && data.valid.rows > 0) {
    const v = data.valid;
    const probs = model.predict(v);
    record.valid = taskMetrics(model.tasks, probs, v.labels, v.user);
    record.score = score(run, record, v, probs);
  }
  state.epoch = record.epoch;
  state.history.push(record);
  const best = state.best;
  const better =
    record.score !== null && (best.score === null || record.score > best.score);
  if (record.score === null) {
    // Nothing to monitor (no validation split): the latest epoch is kept.
    best.epoch = record.epoch;
    best.score = null;
    best.params = null;
    state.stale = 0;
  } else if (better || best.epoch === 0) {
    best.epoch = record.epoch;
    best.score = record.score;
    best.params = run.params.map((p) => p.value.slice());
    state.stale = 0;
  } else {
    state.stale++;
  }
  state.params = run.params.map((p) => p.value);
  state.optimizer = run.optimizer.state();
}

/** The monitored validation score, higher is better. */
function score(
  run: Run,
  record: EpochRecord,
  v: SplitArrays,
  probs: Float32Array,
): number | null {
  if (run.opts.monitor === 'auc') {
    const aucs = Object.values(record.valid ?? {})
      .map((m) => m.auc)
      .filter((a): a is number => a !== null);
    if (aucs.length) return aucs.reduce((a, b) => a + b, 0) / aucs.length;
  }
  return -validLoss(run, v, probs);
}

/** The objective's weighted loss on the validation rows (no T-CE drops). */
function validLoss(run: Run, v: SplitArrays, probs: Float32Array): number {
  const T = run.model.tasks.length;
  let total = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let r = 0; r < v.rows; r++) {
      const p = Math.min(1 - 1e-7, Math.max(1e-7, probs[r * T + t]));
      const y = v.labels[r * T + t];
      s -= v.weights[r] * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }
    total += (run.objective.taskWeight(t) * s) / v.rows;
  }
  return total;
}

/**
 * The run's state, its arrays copied: tables and their moments live on
 * SharedArrayBuffers, which structuredClone and postMessage share rather
 * than copy, so a kept snapshot would otherwise go on changing.
 */
function snapshot(run: Run): TrainState {
  const { step, moments } = run.state.optimizer;
  return {
    ...run.state,
    params: run.params.map((p) => p.value.slice()),
    optimizer: { step, moments: moments.map((ms) => ms.map((m) => m.slice())) },
  };
}

function finish(run: Run, stoppedEarly: boolean): TrainResult {
  const { state, params, model, objective } = run;
  if (state.best.params && state.best.epoch !== state.epoch) {
    params.forEach((p, k) => p.value.set(state.best.params![k] as Vec));
  }
  const bestEpoch = state.best.epoch || state.epoch;
  return {
    model,
    history: state.history,
    bestEpoch,
    stoppedEarly,
    dynamics: state.dynamics,
    // Only the norms of the epoch whose weights the model holds.
    gradNorms: run.norms?.epoch === bestEpoch ? run.norms : null,
    taskWeights: model.tasks.map((_, t) => objective.taskWeight(t)),
  };
}

function rateLabel(rate: number): string {
  return `${Math.round(rate)} samples/s`;
}
