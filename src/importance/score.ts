/**
 * Scores every training sample with the requested methods from whatever
 * the caller has: a Winnow model's inspections, per-epoch predictions
 * logged by any trainer, or both. Pure: arrays in, arrays out.
 */
import { UsageError } from '../errors.ts';
import type { Inspection } from '../model/api.ts';
import { buildAnnIndex, type AnnIndex, type AnnOptions } from './ann.ts';
import { DEFAULT_IMPORTANCE_WEIGHTS, importanceScores } from './combine.ts';
import { knnLabelDisagreement } from './disagreement.ts';
import type { TracInCheckpoint } from './influence.ts';
import { METHOD_NAMES, type MethodName } from './methods.ts';
import {
  noiseScores,
  type NoiseSignals,
  type NoiseSignalName,
} from './noise.ts';
import { finalProbs, RUNNERS } from './runners.ts';
import { labelStrata } from './strata.ts';
import { taskWeights } from './tasks.ts';
import type { DynamicsTensor, Labelled, OnProgress } from './types.ts';
import { checkLabels, checkTaskWeights } from './validate.ts';

/** Everything a scoring run may use; each method needs only a part. */
export interface ScoringInput {
  taskNames: readonly string[];
  /** Training labels, rows x T. */
  labels: Labelled;
  sampled?: Uint8Array;
  user?: Int32Array;
  item?: Int32Array;
  category?: Int32Array;
  /** The final model's inspection of the training rows. */
  final?: Inspection;
  /**
   * Per-epoch predictions on the training rows, one tensor per run
   * (seed); the first run feeds `dynamics`, all runs feed `el2n`. Its
   * last epoch stands in for the final predictions when `final` is absent.
   */
  dynamics?: readonly DynamicsTensor[];
  /** The validation split: labels, and the final model's representations. */
  valid?: { labels: Labelled; shared?: Float32Array };
  /** Saved checkpoints with both splits inspected, for `influence`. */
  checkpoints?: readonly TracInCheckpoint[];
}

export interface ScoringOptions {
  /** Methods to run; default every method the input allows. */
  methods?: readonly MethodName[];
  /** λ of L = L_ctr + λ·L_cvr; task weights [1, λ, ...]. Default 1. */
  lambda?: number;
  /** Explicit task weights, overriding lambda. */
  taskWeights?: readonly number[];
  importanceWeights?: Readonly<Record<string, number>>;
  /**
   * Weights of the noise signals. kNN label disagreement is used when a
   * representation method (redundancy, knn-shapley) runs, or when its
   * weight here is > 0; 0 turns it off.
   */
  noiseWeights?: Partial<Record<NoiseSignalName, number>>;
  /** Early epochs for el2n (see `el2nScores`). */
  earlyEpochs?: number;
  /** Neighbours for redundancy and for kNN label disagreement. Default 10. */
  neighbours?: number;
  /** K and candidates M of knn-shapley. */
  shapleyK?: number;
  shapleyCandidates?: number;
  ann?: Omit<AnnOptions, 'onProgress'>;
  onProgress?: OnProgress;
}

export interface ScoringResult {
  methods: MethodName[];
  taskWeights: number[];
  importance: Float32Array;
  noise: Float32Array;
  /** Per-task noise, rows x T. */
  noisePerTask: Float32Array;
  /** Method columns in table order. */
  columns: Map<string, Float32Array>;
}

/** Runs the methods in order, then noise and importance. */
export function scoreSamples(
  input: ScoringInput,
  options: ScoringOptions = {},
): ScoringResult {
  checkLabels('labels', input.labels);
  const w = resolveWeights(input.labels.tasks, options);
  const methods = resolveMethods(input, options.methods);
  const progress = options.onProgress;
  const columns = new Map<string, Float32Array>();
  const signals: NoiseSignals = {};
  const trainIndex = lazyIndex(input, options);
  methods.forEach((m, i) => {
    progress?.(i, methods.length + 1, m);
    RUNNERS[m]({ input, options, w, columns, signals, trainIndex });
  });
  if (wantsDisagreement(input, methods, options)) {
    addDisagreement(input, options, w, signals, trainIndex);
  }
  const noise = noiseScores(input.labels, signals, w, {
    sampled: input.sampled,
    weights: options.noiseWeights,
    probs:
      input.final || input.dynamics?.length ? finalProbs(input) : undefined,
  });
  const strata = labelStrata(
    input.labels.labels,
    input.labels.tasks,
    input.sampled,
  );
  const ranked = new Map(columns);
  ranked.set('noise', noise.combined);
  const importance = importanceScores(
    ranked,
    strata,
    options.importanceWeights ?? DEFAULT_IMPORTANCE_WEIGHTS,
  );
  progress?.(methods.length + 1, methods.length + 1, 'importance');
  return {
    methods,
    taskWeights: Array.from(w),
    importance,
    noise: noise.combined,
    noisePerTask: noise.perTask,
    columns,
  };
}

function resolveWeights(tasks: number, o: ScoringOptions): Float64Array {
  if (!o.taskWeights) return taskWeights(tasks, o.lambda ?? 1);
  checkTaskWeights(o.taskWeights, tasks);
  return Float64Array.from(o.taskWeights);
}

/** What each method lacks in this input, or null when it can run. */
function missingFor(m: MethodName, input: ScoringInput): string | null {
  const hasProbs = input.final || input.dynamics?.length;
  // An inspection may leave the representations out (an empty array).
  const shared = input.final?.shared.length ? input.final.shared : undefined;
  switch (m) {
    case 'loss':
      return hasProbs ? null : 'final predictions or dynamics';
    case 'el2n':
    case 'dynamics':
      return input.dynamics?.length ? null : 'per-epoch predictions';
    case 'grand':
      return input.final ? null : 'a Winnow model';
    case 'coverage':
      return input.user && input.item && input.category
        ? null
        : 'user, item and category';
    case 'redundancy':
      return shared ? null : 'a Winnow model';
    case 'influence':
      return input.checkpoints?.length && input.valid
        ? null
        : 'saved checkpoints and the valid split';
    case 'knn-shapley':
      return shared && input.valid?.shared
        ? null
        : 'a Winnow model and the valid split';
  }
}

function resolveMethods(
  input: ScoringInput,
  wanted?: readonly MethodName[],
): MethodName[] {
  if (!wanted) return METHOD_NAMES.filter((m) => !missingFor(m, input));
  for (const m of wanted) {
    if (!METHOD_NAMES.includes(m)) {
      throw new UsageError(
        `unknown method "${m}"; choose from ${METHOD_NAMES.join(', ')}`,
      );
    }
    const missing = missingFor(m, input);
    if (missing) throw new UsageError(`method ${m} needs ${missing}`);
  }
  return METHOD_NAMES.filter((m) => wanted.includes(m));
}

/**
 * kNN label disagreement joins `noise` when representations exist and a
 * representation method runs (the graph is then built anyway), or when
 * its noise weight is set explicitly.
 */
function wantsDisagreement(
  input: ScoringInput,
  methods: readonly MethodName[],
  o: ScoringOptions,
): boolean {
  const weight = o.noiseWeights?.disagreement;
  if (!input.final?.shared.length || weight === 0) return false;
  if (weight !== undefined && weight > 0) return true;
  return methods.includes('redundancy') || methods.includes('knn-shapley');
}

/** Adds the kNN label disagreement signal. */
function addDisagreement(
  input: ScoringInput,
  o: ScoringOptions,
  w: Float64Array,
  signals: NoiseSignals,
  trainIndex: () => AnnIndex,
): void {
  const f = input.final as Inspection;
  signals.disagreement = knnLabelDisagreement(
    f.shared,
    f.sharedDim,
    input.labels,
    w,
    { ...o.ann, index: trainIndex(), k: o.neighbours ?? 10 },
  ).perTask;
}

/** Builds the training-representation graph on first use only. */
function lazyIndex(input: ScoringInput, o: ScoringOptions): () => AnnIndex {
  let index: AnnIndex | undefined;
  return () => {
    const f = input.final as Inspection;
    index ??= buildAnnIndex(f.shared, f.sharedDim, o.ann);
    return index;
  };
}
