/** Options of `winnow experiment`, with the defaults sized for the demo world. */
import type { Architecture } from '../../model/api.ts';
import type { BaselineName } from '../baselines.ts';
import type { StrategyName } from '../select.ts';

/** The small model every run of an experiment trains. */
export interface ExperimentModel {
  arch: Architecture;
  embDim: number;
  hidden: number[];
  tower: number[];
  epochs: number;
  batch: number;
  lr: number;
  /** Early stopping on valid mean AUC; 0 = off. */
  patience: number;
}

export interface ExperimentOptions {
  /**
   * Scorers: `importance`, `noise`, or a method column of the scores
   * table (loss, el2n, grand, variability, forgetting, coverage, ...).
   * A leading `-` negates the column (e.g. `-noise`).
   */
  scorers: string[];
  /** Fractions of the training rows to keep, each in (0, 1). */
  keep: number[];
  /** Seeds per (strategy, budget); seeds are 0..seeds-1. */
  seeds: number;
  /** Score-driven strategies run at every budget. */
  strategies: StrategyName[];
  /** Baselines run at every budget ('full' runs once per seed). */
  baselines: BaselineName[];
  /** Also run the reverse curve (remove the most important first). */
  reverse: boolean;
  /** The task whose AUC the summary judges; default the last task. */
  mainTask?: string;
  model: ExperimentModel;
  /** Train rows to use (a seeded stratified subsample); 0 = all. */
  maxTrainRows: number;
  /**
   * Runs trained at once, each on a worker thread with its own copy of
   * the splits; 1 trains in the calling thread. Results do not depend on
   * it, and a run directory resumes under any value.
   */
  jobs: number;
}

export const DEFAULT_MODEL: ExperimentModel = {
  arch: 'shared-bottom',
  embDim: 8,
  hidden: [64, 32],
  tower: [16],
  epochs: 2,
  batch: 512,
  lr: 0.002,
  patience: 0,
};

export const DEFAULT_EXPERIMENT: ExperimentOptions = {
  scorers: ['importance'],
  keep: [0.1, 0.3, 0.5, 0.7, 0.9],
  seeds: 3,
  strategies: ['prune', 'resample'],
  baselines: ['full', 'random', 'stratified', 'negative-downsampling'],
  reverse: true,
  model: DEFAULT_MODEL,
  maxTrainRows: 0,
  jobs: 1,
};
