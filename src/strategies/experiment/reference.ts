/**
 * The reference model of an experiment: trained on the training split
 * (valid for early stopping only), it scores every training row. The test
 * split is never passed in, so selection cannot read it.
 */
import type { SplitArrays } from '../../data/types.ts';
import { UsageError } from '../../errors.ts';
import type { METHOD_NAMES } from '../../importance/methods.ts';
import { scoreSamples } from '../../importance/score.ts';
import { dynamicsProbabilities } from '../../model/dynamics.ts';
import { train } from '../../model/trainer.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { TrainOptions } from '../../model/train-types.ts';

type Method = (typeof METHOD_NAMES)[number];

/** Methods each scorer needs (beyond the final loss that noise uses). */
const NEEDS: Record<string, Method[]> = {
  importance: ['loss', 'el2n', 'grand', 'dynamics', 'coverage'],
  noise: ['loss', 'el2n', 'dynamics'],
  loss: ['loss'],
  el2n: ['el2n'],
  grand: ['grand'],
  variability: ['dynamics'],
  forgetting: ['dynamics'],
  confidence: ['dynamics'],
  aum: ['dynamics'],
  coverage: ['coverage'],
};

/** Scorer names the experiment accepts (each may carry a leading `-`). */
export const SCORER_NAMES = Object.keys(NEEDS);

export interface ReferenceScores {
  /** Per scorer, one value per training row (higher = keep). */
  scores: Map<string, Float32Array>;
  /** Noise per training row in [0, 1]. */
  noise: Float32Array;
}

/** Throws a UsageError for an unknown scorer. */
export function checkScorers(scorers: string[]): void {
  for (const s of scorers) {
    if (!NEEDS[s.replace(/^-/, '')]) {
      throw new UsageError(
        `unknown scorer "${s}"; choose from ${SCORER_NAMES.join(', ')} ` +
          '(a leading - negates)',
      );
    }
  }
}

/** Trains the reference model and scores the training rows. */
export async function referenceScores(
  data: { train: SplitArrays; valid?: SplitArrays },
  config: ModelConfig,
  options: Partial<TrainOptions>,
  scorers: string[],
  onProgress?: (done: number, total: number, label?: string) => void,
): Promise<ReferenceScores> {
  checkScorers(scorers);
  const result = await train(
    data,
    config,
    { ...options, dynamics: 'float32' },
    { onProgress },
  );
  const s = data.train;
  const methods = [
    ...new Set(scorers.flatMap((x) => NEEDS[x.replace(/^-/, '')])),
  ];
  const scored = scoreSamples(
    {
      taskNames: config.tasks,
      labels: { rows: s.rows, tasks: s.nTasks, labels: s.labels },
      sampled: s.sampled,
      user: s.user,
      item: s.item,
      category: s.category,
      final: result.model.inspect(s),
      dynamics: [dynamicsProbabilities(result.dynamics)],
    },
    { methods, noiseWeights: { disagreement: 0 } },
  );
  const scores = new Map<string, Float32Array>();
  for (const name of scorers) {
    const base = name.replace(/^-/, '');
    const column =
      base === 'importance'
        ? scored.importance
        : base === 'noise'
          ? scored.noise
          : scored.columns.get(base);
    if (!column) throw new UsageError(`scoring gave no column "${base}"`);
    const sign = name.startsWith('-') ? -1 : 1;
    scores.set(
      name,
      Float32Array.from(column, (v) => sign * v),
    );
  }
  return { scores, noise: scored.noise };
}
