/**
 * Sample importance for multi-task ranking models: pure functions over
 * typed arrays. `scoreSamples` runs the methods; `buildScoreTable` and
 * `summarizeScores` shape the output; `evaluateScores` checks scores
 * against flags; `parseExternalDynamics` reads another trainer's logs.
 */
export { buildAnnIndex, nearestNeighbours } from './ann.ts';
export type { AnnIndex, AnnOptions, Neighbours } from './ann.ts';
export {
  DEFAULT_IMPORTANCE_WEIGHTS,
  effectiveWeights,
  importanceScores,
  NOISE_STAND_IN,
  parseImportanceWeights,
} from './combine.ts';
export { coverageScores } from './coverage.ts';
export { knnLabelDisagreement } from './disagreement.ts';
export { dynamicsScores } from './dynamics.ts';
export type { DynamicsScores } from './dynamics.ts';
export { el2nScores } from './el2n.ts';
export {
  auprc,
  auroc,
  detectionMetrics,
  evaluateScores,
  f1AtK,
  precisionAtK,
  spearman,
} from './evaluate.ts';
export type { DetectionMetrics, ScoreEvaluation } from './evaluate.ts';
export { parseExternalDynamics } from './external-dynamics.ts';
export type {
  ExternalDynamicsRows,
  ParsedDynamics,
} from './external-dynamics.ts';
export { grandScores, lastLayerGradNorm } from './grand.ts';
export { tracIn } from './influence.ts';
export type { LastLayerView, TracInCheckpoint } from './influence.ts';
export { knnShapley } from './knn-shapley.ts';
export { lossScores } from './loss.ts';
export {
  COMBINED_INFO,
  METHOD_INFO,
  METHOD_NAMES,
  methodsHelp,
} from './methods.ts';
export type { MethodName } from './methods.ts';
export { noiseScores } from './noise.ts';
export { redundancyScores } from './redundancy.ts';
export { scoreSamples } from './score.ts';
export type { ScoringInput, ScoringOptions, ScoringResult } from './score.ts';
export type { ScoredSamples } from './scored.ts';
export { labelStrata, rankWithinStrata, taskStrata } from './strata.ts';
export { summarizeScores } from './summary.ts';
export type { ScoreSummary } from './summary.ts';
export { buildScoreTable } from './table.ts';
export type { ScoreTable } from './table.ts';
export { taskWeights } from './tasks.ts';
export type { DynamicsTensor, Labelled, TaskScores } from './types.ts';
