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
import { checkpointWeights } from '../model/checkpoint.ts';
import { dynamicsProbabilities } from '../model/dynamics.ts';
import { checkpointEpochs, loadDynamics, loadModel } from '../model/io.ts';
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
  onStep('inspecting the training split');
  // Tower inputs of the final model serve no method; gradient norms only
  // `grand`; the representations only the neighbour methods.
  input.final = model.inspect(train, {
    shared: methods.includes('redundancy') || methods.includes('knn-shapley'),
    towerInputs: false,
    gradNorm: methods.includes('grand'),
  });
  const dynamics = loadDynamics(modelDir);
  if (dynamics) input.dynamics = [dynamicsProbabilities(dynamics)];
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
