/**
 * Negative sampling for logs that hold only positives: for every observed
 * sample, `ratio` items the user never engaged with, drawn with probability
 * proportional to popularity^alpha (alpha 0 is uniform). Sampled rows are
 * marked, take their parent's time and split, and are seeded.
 */
import { Rng } from '../util/rng.ts';

export interface NegativePlan {
  /** Index of the observed sample each negative was drawn for. */
  parent: Int32Array;
  /** The sampled item index. */
  item: Int32Array;
}

const MAX_TRIES = 32;

export function sampleNegatives(
  user: Int32Array,
  item: Int32Array,
  split: Uint8Array,
  nItems: number,
  options: { ratio: number; alpha: number; seed: number },
): NegativePlan {
  const rng = new Rng(options.seed);
  const seen = new Set<number>();
  const popularity = new Float64Array(nItems);
  for (let i = 0; i < user.length; i++) {
    seen.add(user[i] * nItems + item[i]);
    if (split[i] === 0) popularity[item[i]]++;
  }
  const weights = popularity.map((p) => Math.pow(p + 1, options.alpha));
  const draw = aliasSampler(weights, rng);
  const parents: number[] = [];
  const items: number[] = [];
  for (let i = 0; i < user.length; i++) {
    const whole = Math.floor(options.ratio);
    const count = whole + (rng.next() < options.ratio - whole ? 1 : 0);
    for (let c = 0; c < count; c++) {
      for (let t = 0; t < MAX_TRIES; t++) {
        const j = draw();
        if (seen.has(user[i] * nItems + j)) continue;
        parents.push(i);
        items.push(j);
        break;
      }
    }
  }
  return { parent: Int32Array.from(parents), item: Int32Array.from(items) };
}

/**
 * Walker's alias method: O(n) set-up, O(1) per draw from a discrete
 * distribution proportional to `weights`.
 */
export function aliasSampler(weights: Float64Array, rng: Rng): () => number {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  weights.forEach((w, i) => {
    prob[i] = (w * n) / total;
    (prob[i] < 1 ? small : large).push(i);
  });
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    alias[s] = l;
    prob[l] = prob[l] + prob[s] - 1;
    (prob[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return () => {
    const i = rng.int(n);
    return rng.next() < prob[i] ? i : alias[i];
  };
}
