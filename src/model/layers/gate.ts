/**
 * A softmax gate that mixes expert outputs: g = softmax(x·W + b) and
 * mix = Σ_e g_e · expert_e. Used by MMoE (one gate per task) and PLE.
 */
import { softmaxBackward, softmaxRows } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';
import { Linear, type BackwardOptions } from './linear.ts';

export class Gate {
  readonly linear: Linear;
  private probs: Vec;
  private experts: Vec[] = [];
  private readonly mix: Scratch;
  private readonly dProbs: Scratch;
  private readonly probBuf: Scratch;

  constructor(
    name: string,
    inDim: number,
    readonly nExperts: number,
    readonly width: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.linear = new Linear(name, inDim, nExperts, dtype, rng);
    this.mix = new Scratch(dtype);
    this.dProbs = new Scratch(dtype);
    this.probBuf = new Scratch(dtype);
    this.probs = this.probBuf.get(0);
  }

  params(): Param[] {
    return this.linear.params();
  }

  /** The gate weights of the last forward pass, rows x nExperts. */
  get weights(): Vec {
    return this.probs;
  }

  /** rows x width: the gated mixture of `experts` (each rows x width). */
  forward(gateInput: Vec, experts: Vec[], rows: number): Vec {
    const E = this.nExperts;
    const H = this.width;
    const z = this.linear.forward(gateInput, rows);
    this.probs = this.probBuf.get(rows * E);
    softmaxRows(z, this.probs, rows, E);
    this.experts = experts;
    const out = this.mix.get(rows * H);
    out.fill(0);
    for (let e = 0; e < E; e++) {
      const X = experts[e];
      for (let r = 0; r < rows; r++) {
        const g = this.probs[r * E + e];
        const o = r * H;
        for (let j = 0; j < H; j++) out[o + j] += g * X[o + j];
      }
    }
    return out;
  }

  /**
   * Adds g_e · dmix into each `dExperts[e]` and returns the gradient with
   * respect to the gate input when asked.
   */
  backward(
    dmix: Vec,
    rows: number,
    dExperts: Vec[],
    opts: BackwardOptions,
  ): Vec | null {
    const E = this.nExperts;
    const H = this.width;
    const dg = this.dProbs.get(rows * E);
    for (let e = 0; e < E; e++) {
      const X = this.experts[e];
      const dX = dExperts[e];
      for (let r = 0; r < rows; r++) {
        const g = this.probs[r * E + e];
        const o = r * H;
        let dot = 0;
        for (let j = 0; j < H; j++) {
          dot += dmix[o + j] * X[o + j];
          dX[o + j] += g * dmix[o + j];
        }
        dg[r * E + e] = dot;
      }
    }
    softmaxBackward(this.probs, dg, dg, rows, E);
    return this.linear.backward(dg, rows, opts);
  }
}
