/**
 * Walker's alias method: draws index i with probability w[i] / sum(w) in
 * constant time after a linear-time build.
 */
import type { Rng } from '../util/rng.ts';

export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  /** `weights` must be non-negative with a positive sum. */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i];
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = (weights[i] * n) / sum;
    this.build(scaled);
  }

  get size(): number {
    return this.prob.length;
  }

  /** A random index in [0, size). */
  sample(rng: Rng): number {
    const i = rng.int(this.prob.length);
    return rng.next() < this.prob[i] ? i : this.alias[i];
  }

  private build(scaled: Float64Array): void {
    const n = scaled.length;
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large[large.length - 1];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] += scaled[s] - 1;
      if (scaled[l] < 1) small.push(large.pop()!);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }
}
