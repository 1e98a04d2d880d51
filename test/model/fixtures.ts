/** Small synthetic data and models for the model tests. */
import type { Architecture } from '../../src/model/api.ts';
import { makeConfig, type ModelConfig } from '../../src/model/config.ts';
import type { SplitArrays } from '../../src/data/types.ts';
import { Rng } from '../../src/util/rng.ts';

export const TINY_VOCABS = [7, 5, 4];
export const TINY_TASKS = ['click', 'cart', 'purchase'];

/** A tiny network of the given architecture (2-level PLE). */
export function tinyConfig(
  architecture: Architecture,
  extra: Partial<ModelConfig> = {},
): ModelConfig {
  return makeConfig({
    architecture,
    tasks: TINY_TASKS,
    vocabs: TINY_VOCABS,
    nDense: 2,
    embDim: 3,
    hidden: [6, 5],
    tower: [4],
    experts: 2,
    taskExperts: 1,
    levels: architecture === 'ple' ? 2 : 1,
    seed: 3,
    ...extra,
  });
}

/**
 * A split whose labels follow a planted logistic rule on field 0 and the
 * first dense feature, so a model can learn it; cart and purchase imply
 * click.
 */
export function syntheticSplit(
  rows: number,
  seed: number,
  vocabs: number[] = TINY_VOCABS,
  nDense = 2,
  users = 20,
): SplitArrays {
  const rng = new Rng(seed);
  const F = vocabs.length;
  const T = 3;
  const cat = new Int32Array(rows * F);
  const dense = new Float32Array(rows * nDense);
  const labels = new Float32Array(rows * T);
  const user = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) cat[r * F + f] = rng.int(vocabs[f]);
    for (let j = 0; j < nDense; j++) dense[r * nDense + j] = rng.normal();
    const s = (cat[r * F] % 3) - 1 + (nDense ? dense[r * nDense] : 0);
    const click = rng.next() < 1 / (1 + Math.exp(-2 * s)) ? 1 : 0;
    const cart = click && rng.next() < 0.5 ? 1 : 0;
    const buy = cart && rng.next() < 0.6 ? 1 : 0;
    labels.set([click, cart, buy], r * T);
    user[r] = rng.int(users);
  }
  return {
    rows,
    sampleId: Int32Array.from({ length: rows }, (_, i) => i + seed * 1e6),
    cat,
    nCat: F,
    dense,
    nDense,
    labels,
    nTasks: T,
    weights: new Float32Array(rows).fill(1),
    user,
    item: new Int32Array(rows),
    userKeys: Array.from({ length: users }, (_, i) => `u${i}`),
    itemKeys: ['i0'],
    category: new Int32Array(rows).fill(-1),
    time: new Float64Array(rows).fill(NaN),
    sampled: new Uint8Array(rows),
    evalColumns: {},
  };
}
