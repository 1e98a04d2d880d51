/** Checks that a split fits a model configuration, at the trainer's door. */
import type { SplitArrays } from '../data/types.ts';
import { DataError } from '../errors.ts';
import type { ModelConfig } from './config.ts';

export function validateSplit(
  s: SplitArrays,
  config: ModelConfig,
  name: string,
): void {
  const F = config.vocabs.length;
  const T = config.tasks.length;
  const want: [string, number, number][] = [
    ['categorical fields', s.nCat, F],
    ['dense features', s.nDense, config.nDense],
    ['tasks', s.nTasks, T],
    ['cat values', s.cat.length, s.rows * F],
    ['dense values', s.dense.length, s.rows * config.nDense],
    ['labels', s.labels.length, s.rows * T],
    ['weights', s.weights.length, s.rows],
  ];
  for (const [what, got, expected] of want) {
    if (got === expected) continue;
    throw new DataError(
      `split "${name}" has ${got} ${what}, the model expects ${expected}; ` +
        'train on data prepared with the matching manifest',
    );
  }
  for (let i = 0; i < s.weights.length; i++) {
    const w = s.weights[i];
    if (w >= 0 && Number.isFinite(w)) continue;
    throw new DataError(
      `split "${name}" row ${i + 1} has weight ${w}; weights must be ` +
        'finite and >= 0',
    );
  }
  const nd = config.nDense;
  for (let i = 0; i < s.dense.length; i++) {
    if (Number.isFinite(s.dense[i])) continue;
    throw new DataError(
      `split "${name}" row ${Math.floor(i / nd) + 1}: numeric feature ` +
        `${i % nd} is ${s.dense[i]}; impute or drop missing values first`,
    );
  }
  for (let i = 0; i < s.labels.length; i++) {
    const y = s.labels[i];
    if (y >= 0 && y <= 1) continue;
    throw new DataError(
      `split "${name}" row ${Math.floor(i / T) + 1}: label of task ` +
        `${config.tasks[i % T]} is ${y}; labels must lie in [0, 1]`,
    );
  }
  for (let i = 0; i < s.cat.length; i++) {
    const id = s.cat[i];
    if (id >= 0 && id < config.vocabs[i % F]) continue;
    throw new DataError(
      `split "${name}" row ${Math.floor(i / F) + 1}: id ${id} of field ` +
        `${i % F} is outside [0, ${config.vocabs[i % F]})`,
    );
  }
}
