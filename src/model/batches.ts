/** Gathers rows of a split into reusable batch buffers. */
import type { SplitArrays } from '../data/types.ts';
import type { LabelledBatch } from './api.ts';

export class BatchBuffer implements LabelledBatch {
  rows = 0;
  readonly cat: Int32Array;
  readonly dense: Float32Array;
  readonly labels: Float32Array;
  readonly weights: Float32Array;

  constructor(
    private readonly split: SplitArrays,
    capacity: number,
  ) {
    this.cat = new Int32Array(capacity * split.nCat);
    this.dense = new Float32Array(capacity * split.nDense);
    this.labels = new Float32Array(capacity * split.nTasks);
    this.weights = new Float32Array(capacity);
  }

  /** Loads rows order[lo .. lo + rows) of the split. */
  fill(order: Int32Array, lo: number, rows: number): this {
    const s = this.split;
    const F = s.nCat;
    const N = s.nDense;
    const T = s.nTasks;
    for (let k = 0; k < rows; k++) {
      const r = order[lo + k];
      this.cat.set(s.cat.subarray(r * F, r * F + F), k * F);
      for (let j = 0; j < N; j++) this.dense[k * N + j] = s.dense[r * N + j];
      for (let t = 0; t < T; t++) this.labels[k * T + t] = s.labels[r * T + t];
      this.weights[k] = s.weights[r];
    }
    this.rows = rows;
    return this;
  }
}
