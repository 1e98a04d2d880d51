/**
 * One runner per method: it computes the method's columns for the scores
 * table and hands its per-task signals to `noise`. Used by `scoreSamples`,
 * which has already checked that each method's inputs are present.
 */
import type { Inspection } from '../model/api.ts';
import type { AnnIndex } from './ann.ts';
import { coverageScores } from './coverage.ts';
import { dynamicsScores } from './dynamics.ts';
import { el2nScores } from './el2n.ts';
import { grandScores } from './grand.ts';
import { tracIn, type TracInCheckpoint } from './influence.ts';
import { knnShapley } from './knn-shapley.ts';
import { lossScores } from './loss.ts';
import type { MethodName } from './methods.ts';
import type { NoiseSignals } from './noise.ts';
import { redundancyScores } from './redundancy.ts';
import type { ScoringInput, ScoringOptions } from './score.ts';
import { labelStrata } from './strata.ts';
import { column } from './tasks.ts';
import type { DynamicsTensor, Labelled } from './types.ts';

export interface RunContext {
  input: ScoringInput;
  options: ScoringOptions;
  w: Float64Array;
  columns: Map<string, Float32Array>;
  signals: NoiseSignals;
  /** The graph over the final training representations, built once. */
  trainIndex: () => AnnIndex;
}

type Runner = (c: RunContext) => void;

export const RUNNERS: Readonly<Record<MethodName, Runner>> = {
  loss: ({ input, w, columns, signals }) => {
    const L = input.labels;
    const s = lossScores(L, finalProbs(input), w);
    columns.set('loss', s.combined);
    input.taskNames.forEach((t, i) =>
      columns.set(`loss_${t}`, column(s.perTask, L.tasks, i)),
    );
    signals.loss = s.perTask;
  },
  el2n: ({ input, options, w, columns, signals }) => {
    const s = el2nScores(input.labels, runsOf(input), w, {
      earlyEpochs: options.earlyEpochs,
    });
    columns.set('el2n', s.combined);
    signals.earlyError = s.perTask;
  },
  grand: ({ input, w, columns }) => {
    const f = input.final as Inspection;
    columns.set('grand', grandScores(input.labels, f.gradNorm, w).combined);
  },
  dynamics: ({ input, w, columns, signals }) => {
    const d = dynamicsScores(input.labels, runsOf(input)[0], w);
    columns.set('confidence', d.confidence.combined);
    columns.set('variability', d.variability.combined);
    columns.set('correctness', d.correctness.combined);
    columns.set('forgetting', d.forgetting.combined);
    columns.set('aum', d.aum.combined);
    signals.confidence = d.confidence.perTask;
    signals.variability = d.variability.perTask;
    signals.aum = d.aum.perTask;
  },
  coverage: ({ input, columns }) => {
    const cov = coverageScores({
      user: input.user as Int32Array,
      item: input.item as Int32Array,
      category: input.category as Int32Array,
    });
    columns.set('coverage', cov.combined);
  },
  redundancy: ({ input, options, columns }) => {
    const f = input.final as Inspection;
    const L = input.labels;
    const strata = labelStrata(L.labels, L.tasks, input.sampled);
    const k = options.neighbours ?? 10;
    const opts = { ...options.ann, k, strata };
    columns.set('redundancy', redundancyScores(f.shared, f.sharedDim, opts));
  },
  influence: ({ input, w, columns }) => {
    const v = input.valid as { labels: Labelled };
    const cps = input.checkpoints as TracInCheckpoint[];
    columns.set('influence', tracIn(input.labels, v.labels, cps, w).combined);
  },
  'knn-shapley': ({ input, options, w, columns, trainIndex }) => {
    const f = input.final as Inspection;
    const v = input.valid as { labels: Labelled; shared: Float32Array };
    const s = knnShapley(
      { vectors: f.shared, labels: input.labels },
      { vectors: v.shared, labels: v.labels },
      f.sharedDim,
      w,
      {
        ...options.ann,
        index: trainIndex(),
        k: options.shapleyK,
        candidates: options.shapleyCandidates,
      },
    );
    columns.set('knn_shapley', s.combined);
  },
};

function runsOf(input: ScoringInput): readonly DynamicsTensor[] {
  return input.dynamics as readonly DynamicsTensor[];
}

/** The final predictions: the model's, or the last logged epoch. */
export function finalProbs(input: ScoringInput): Float32Array {
  if (input.final) return input.final.probs;
  const d = runsOf(input)[0];
  const size = d.rows * d.tasks;
  return d.probs.subarray((d.epochs - 1) * size, d.epochs * size);
}
