/**
 * Gathers what `winnow score` needs from the files of a run: the training
 * and validation splits, the model's inspections of both, its training
 * dynamics and, for TracIn, the model as it was at each saved epoch.
 */
import type { PreparedData } from '../data/load.ts';
import type { SplitArrays } from '../data/types.ts';
import type { TracInCheckpoint } from '../importance/influence.ts';
import type { MethodName } from '../importance/methods.ts';
import type { ScoringInput } from '../importance/score.ts';
import type { Inspection } from '../model/api.ts';
import { BatchBuffer } from '../model/batches.ts';
import { checkpointWeights } from '../model/checkpoint.ts';
import { dynamicsProbabilities, type Dynamics } from '../model/dynamics.ts';
import {
  checkpointEpochs,
  loadDynamics,
  loadGradNorms,
  loadModel,
  type ModelFile,
} from '../model/io.ts';
import { WinnowModel } from '../model/model.ts';

/** The base columns every scoring input carries, from the train split. */
export function baseInput(data: PreparedData, tasks: string[]): ScoringInput {
  const s = data.splits.train;
  return {
    taskNames: tasks,
    labels: { rows: s.rows, tasks: s.nTasks, labels: s.labels },
    sampled: s.sampled,
    user: s.user,
    item: s.item,
    category: s.category,
  };
}

/** Adds a Winnow model's view of the data to the scoring input. */
export function modelInput(
  data: PreparedData,
  modelDir: string,
  methods: readonly MethodName[],
  onStep: (label: string) => void,
): ScoringInput {
  const { model, file } = loadModel(modelDir);
  const train = data.splits.train;
  const valid = data.splits.valid;
  const input = baseInput(data, [...model.tasks]);
  const dynamics = loadDynamics(modelDir);
  // Decoded once: the scorers read every epoch, the record the best one.
  const decoded = dynamics ? dynamicsProbabilities(dynamics) : null;
  if (decoded) input.dynamics = [decoded];
  const shared =
    methods.includes('redundancy') || methods.includes('knn-shapley');
  const recorded = recordedFinal(
    modelDir,
    model,
    file,
    dynamics && decoded ? { ...dynamics, probs: decoded.probs } : null,
    train,
    data.manifest.name,
    shared,
  );
  if (recorded) {
    input.final = recorded;
    const missing = missingRows(recorded.gradNorm, model.tasks.length);
    if (missing.length && methods.includes('grand')) {
      const n = missing.length;
      onStep(`inspecting ${n} row${n === 1 ? '' : 's'} trained at weight 0`);
      const rows = new BatchBuffer(train, n).fill(missing, 0, n);
      const part = model.inspect(rows, GRAD_ONLY).gradNorm;
      fillRows(recorded.gradNorm, part, missing, model.tasks.length);
    }
  } else {
    onStep('inspecting the training split');
    // Tower inputs of the final model serve no method; gradient norms only
    // `grand`; the representations only the neighbour methods.
    input.final = model.inspect(train, {
      shared,
      towerInputs: false,
      gradNorm: methods.includes('grand'),
    });
  }
  if (valid && valid.rows > 0) {
    const wantsShared = methods.includes('knn-shapley');
    input.valid = {
      labels: { rows: valid.rows, tasks: valid.nTasks, labels: valid.labels },
      shared: wantsShared
        ? model.inspect(valid, { towerInputs: false, gradNorm: false }).shared
        : undefined,
    };
    if (methods.includes('influence')) {
      onStep('replaying the saved epochs for TracIn');
      const options = file.training?.options as
        { optimizer?: { lr?: number } } | undefined;
      const lr = options?.optimizer?.lr ?? 1e-3;
      input.checkpoints = checkpointEpochs(modelDir).map((epoch) => {
        const m = new WinnowModel(file.config);
        const weights = checkpointWeights(modelDir, epoch);
        m.network.params().forEach((p, k) => p.value.set(weights[k]));
        return tracInView(m, train, valid, lr);
      });
    }
  }
  return input;
}

const GRAD_ONLY = { shared: false, towerInputs: false, gradNorm: true };

/**
 * The final model's view of the training rows without a pass over them,
 * when training recorded it: its probabilities are the recorded dynamics
 * of the best epoch (the end-of-epoch predictions of the weights the model
 * holds, to within the storage's 8e-6) and its gradient norms those that
 * epoch's steps measured (see `GradNorms`). Null when the directory lacks
 * either, or they do not belong to this model, dataset and split; the
 * caller then inspects. With `shared`, the representations still need a forward
 * pass, which then also gives exact probabilities.
 */
function recordedFinal(
  dir: string,
  model: WinnowModel,
  file: ModelFile,
  dynamics: (Dynamics & { probs: Float32Array }) | null,
  train: SplitArrays,
  datasetName: string,
  shared: boolean,
): Inspection | null {
  const norms = loadGradNorms(dir);
  const best = Number(file.training?.bestEpoch);
  const T = file.tasks.length;
  // Recorded on another dataset with as many training rows, they would
  // be read as if they were this one's.
  const trainedOn = file.training?.dataset;
  const fits =
    (trainedOn === undefined || trainedOn === datasetName) &&
    norms !== null &&
    dynamics !== null &&
    norms.epoch === best &&
    best >= 1 &&
    best <= dynamics.epochs &&
    norms.rows === train.rows &&
    dynamics.rows === train.rows &&
    norms.tasks.join() === file.tasks.join() &&
    dynamics.tasks.join() === file.tasks.join();
  if (!fits) return null;
  const n = train.rows * T;
  let probs: Float32Array;
  let rep: Float32Array = new Float32Array(0);
  let H = 0;
  if (shared) {
    const seen = model.inspect(train, { towerInputs: false, gradNorm: false });
    probs = seen.probs;
    rep = seen.shared;
    H = seen.sharedDim;
  } else {
    probs = dynamics.probs.subarray((best - 1) * n, best * n);
  }
  return {
    probs,
    shared: rep,
    sharedDim: H,
    towerInputs: new Float32Array(0),
    towerInputDim: 0,
    gradNorm: norms.data,
  };
}

/** The rows with a NaN norm (trained at weight 0), ascending. */
function missingRows(g: Float32Array, T: number): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r * T < g.length; r++) {
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(g[r * T + t])) {
        rows.push(r);
        break;
      }
    }
  }
  return Int32Array.from(rows);
}

/** Replaces the NaN norms of `rows` by those of `part` (rows x T). */
function fillRows(
  g: Float32Array,
  part: Float32Array,
  rows: Int32Array,
  T: number,
) {
  rows.forEach((r, k) => {
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(g[r * T + t])) g[r * T + t] = part[k * T + t];
    }
  });
}

/** TracIn reads the probabilities and the towers' last inputs only. */
const TRACIN_PARTS = { shared: false, gradNorm: false };

function tracInView(
  model: WinnowModel,
  train: SplitArrays,
  valid: SplitArrays,
  learningRate: number,
): TracInCheckpoint {
  const view = (i: Inspection) => ({
    probs: i.probs,
    towerInputs: i.towerInputs,
    towerInputDim: i.towerInputDim,
  });
  return {
    learningRate,
    train: view(model.inspect(train, TRACIN_PARTS)),
    valid: view(model.inspect(valid, TRACIN_PARTS)),
  };
}
