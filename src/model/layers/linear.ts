/**
 * A fully connected layer y = x·W + b, with W stored in x out. Forward and
 * backward sit side by side; the arithmetic is in the kernels.
 */
import {
  columnSums,
  linearForward,
  matmulABt,
  matmulAtB,
  maskedRowSquaredNorms,
  rowSquaredNorms,
} from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import {
  denseParam,
  Scratch,
  type DType,
  type Param,
  type Vec,
} from '../tensor.ts';

/** What a backward pass should produce besides the deltas. */
export interface BackwardOptions {
  /** Write parameter gradients (false when only deltas are wanted). */
  paramGrads: boolean;
  /** Return the gradient with respect to the layer's input. */
  inputGrad: boolean;
}

export const FULL_BACKWARD: BackwardOptions = {
  paramGrads: true,
  inputGrad: true,
};

export class Linear {
  readonly weight: Param;
  readonly bias: Param;
  /**
   * When set, each backward pass adds, per row, the squared Frobenius norm
   * of that row's own gradient of W and b: (||x_r||² + 1)·||δ_r||².
   */
  rowNorms: Float64Array | null = null;
  private input: Vec | null = null;
  private readonly out: Scratch;
  private readonly dx: Scratch;
  private inNorms = new Float64Array(0);
  /** Rows of `inNorms` valid for the current input (-1: none). */
  private inNormRows = -1;
  private deltaNorms = new Float64Array(0);

  /** PyTorch-style init: W and b uniform in ±1/sqrt(inDim). */
  constructor(
    name: string,
    readonly inDim: number,
    readonly outDim: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.weight = denseParam(`${name}.weight`, [inDim, outDim], dtype);
    this.bias = denseParam(`${name}.bias`, [outDim], dtype);
    const bound = 1 / Math.sqrt(inDim);
    for (const p of [this.weight, this.bias]) {
      for (let i = 0; i < p.value.length; i++) {
        p.value[i] = (2 * rng.next() - 1) * bound;
      }
    }
    this.out = new Scratch(dtype);
    this.dx = new Scratch(dtype);
  }

  params(): Param[] {
    return [this.weight, this.bias];
  }

  /**
   * rows x outDim, followed by a ReLU when `relu`; `x` (rows x inDim) is
   * kept for the backward pass.
   */
  forward(x: Vec, rows: number, relu = false): Vec {
    this.input = x;
    this.inNormRows = -1;
    const y = this.out.get(rows * this.outDim);
    const { weight, bias, inDim, outDim } = this;
    linearForward(x, weight.value, bias.value, y, rows, inDim, outDim, relu);
    return y;
  }

  /** Takes dL/dy (rows x outDim); returns dL/dx when asked. */
  backward(dy: Vec, rows: number, opts: BackwardOptions): Vec | null {
    const x = this.input;
    if (!x) throw new Error('Linear.backward before forward');
    if (this.rowNorms) this.addRowNorms(x, dy, rows);
    if (opts.paramGrads) {
      const { inDim, outDim } = this;
      matmulAtB(x, dy, this.weight.grad, inDim, rows, outDim);
      columnSums(dy, this.bias.grad, rows, outDim);
    }
    if (!opts.inputGrad) return null;
    const dx = this.dx.get(rows * this.inDim);
    matmulABt(dy, this.weight.value, dx, rows, this.outDim, this.inDim);
    return dx;
  }

  private addRowNorms(x: Vec, dy: Vec, rows: number): void {
    const norms = this.rowNorms as Float64Array;
    const inNorms = this.inputNorms(x, rows);
    rowSquaredNorms(dy, this.deltaNorms, rows, this.outDim);
    for (let r = 0; r < rows; r++) {
      norms[r] += (inNorms[r] + 1) * this.deltaNorms[r];
    }
  }

  /**
   * The `rowNorms` a backward pass of the ReLU-masked delta
   * dz = dy ⊙ [y > 0] would add (y this layer's last output after its
   * ReLU), in one pass over dy and y without forming dz. Does nothing
   * when `rowNorms` is unset.
   */
  addMaskedRowNorms(y: Vec, dy: Vec, rows: number): void {
    const norms = this.rowNorms;
    if (!norms) return;
    const x = this.input;
    if (!x) throw new Error('Linear.addMaskedRowNorms before forward');
    const inNorms = this.inputNorms(x, rows);
    maskedRowSquaredNorms(y, dy, this.deltaNorms, rows, this.outDim);
    for (let r = 0; r < rows; r++) {
      norms[r] += (inNorms[r] + 1) * this.deltaNorms[r];
    }
  }

  /**
   * Squared norms of the input's rows. The input is fixed between forward
   * passes: one computation serves every backward pass (inspect() runs one
   * per task).
   */
  private inputNorms(x: Vec, rows: number): Float64Array {
    if (this.inNorms.length < rows) {
      this.inNorms = new Float64Array(rows);
      this.deltaNorms = new Float64Array(rows);
      this.inNormRows = -1;
    }
    if (this.inNormRows !== rows) {
      rowSquaredNorms(x, this.inNorms, rows, this.inDim);
      this.inNormRows = rows;
    }
    return this.inNorms;
  }
}
