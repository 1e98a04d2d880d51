/** A stack of Linear layers, each followed by a ReLU. */
import { reluBackward } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';
import { Linear, type BackwardOptions } from './linear.ts';

export class MLP {
  readonly layers: Linear[] = [];
  readonly outDim: number;
  private outputs: Vec[] = [];
  private readonly delta: Scratch;

  /** `dims` are the output widths; an empty list is the identity. */
  constructor(
    name: string,
    readonly inDim: number,
    dims: readonly number[],
    dtype: DType,
    rng: Rng,
  ) {
    let width = inDim;
    dims.forEach((d, i) => {
      this.layers.push(new Linear(`${name}.${i}`, width, d, dtype, rng));
      width = d;
    });
    this.outDim = width;
    this.delta = new Scratch(dtype);
  }

  params(): Param[] {
    return this.layers.flatMap((l) => l.params());
  }

  /** The last Linear layer, or null for the identity. */
  get last(): Linear | null {
    return this.layers.length ? this.layers[this.layers.length - 1] : null;
  }

  forward(x: Vec, rows: number): Vec {
    let h = x;
    this.outputs = [];
    for (const layer of this.layers) {
      h = layer.forward(h, rows, true);
      this.outputs.push(h);
    }
    return h;
  }

  backward(dy: Vec, rows: number, opts: BackwardOptions): Vec | null {
    let d: Vec | null = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      const n = rows * layer.outDim;
      const dz = this.delta.get(n);
      reluBackward(this.outputs[i], d as Vec, dz, n);
      const inputGrad = i > 0 || opts.inputGrad;
      d = layer.backward(dz, rows, { ...opts, inputGrad });
    }
    return d;
  }

  /**
   * Back-propagates dL/dy through the last layer only (no parameter or
   * input gradients): enough for that layer's `rowNorms`.
   */
  backwardLast(dy: Vec, rows: number): void {
    const i = this.layers.length - 1;
    if (i < 0) return;
    this.layers[i].addMaskedRowNorms(this.outputs[i], dy, rows);
  }
}
