/** Small seeded training labels and scores for the strategy tests. */
import { Rng } from '../../src/util/rng.ts';
import type { StrategyInput } from '../../src/strategies/types.ts';

/**
 * `rows` rows with tasks click, purchase (purchase implies click): click
 * rate ~0.3, purchase ~0.05; scores uniform, noise uniform.
 */
export function synthetic(rows: number, seed = 1): StrategyInput {
  const rng = new Rng(seed);
  const labels = new Float32Array(rows * 2);
  const score = new Float32Array(rows);
  const noise = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const click = rng.next() < 0.3 ? 1 : 0;
    labels[r * 2] = click;
    labels[r * 2 + 1] = click && rng.next() < 1 / 6 ? 1 : 0;
    score[r] = rng.next();
    noise[r] = rng.next();
  }
  return { labels, tasks: 2, score, noise };
}

/** Positive rate of task `t` over all rows. */
export function rate(input: StrategyInput, t: number): number {
  const n = input.labels.length / input.tasks;
  let pos = 0;
  for (let r = 0; r < n; r++) pos += input.labels[r * input.tasks + t];
  return pos / n;
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}
