/**
 * Multi-gate mixture of experts (Ma et al. 2018): E expert MLPs read the
 * input, and each task mixes their outputs with its own softmax gate.
 */
import { addInto, meanOf } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import { Gate } from '../layers/gate.ts';
import type { BackwardOptions, Linear } from '../layers/linear.ts';
import { MLP } from '../layers/mlp.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';
import type { Trunk } from './trunk.ts';

const DELTAS_ONLY: BackwardOptions = { paramGrads: false, inputGrad: false };

export class MMoE implements Trunk {
  readonly experts: MLP[];
  readonly gates: Gate[];
  readonly outDim: number;
  readonly sharedDim: number;
  private outs: Vec[] = [];
  private readonly dExperts: Scratch[];
  private readonly dx: Scratch;
  private readonly mean: Scratch;

  constructor(
    inDim: number,
    hidden: readonly number[],
    nExperts: number,
    tasks: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.experts = Array.from(
      { length: nExperts },
      (_, e) => new MLP(`expert${e}`, inDim, hidden, dtype, rng),
    );
    const H = this.experts[0].outDim;
    this.gates = Array.from(
      { length: tasks },
      (_, t) => new Gate(`gate${t}`, inDim, nExperts, H, dtype, rng),
    );
    this.outDim = this.sharedDim = H;
    this.dExperts = this.experts.map(() => new Scratch(dtype));
    this.dx = new Scratch(dtype);
    this.mean = new Scratch(dtype);
  }

  params(): Param[] {
    return [
      ...this.experts.flatMap((e) => e.params()),
      ...this.gates.flatMap((g) => g.params()),
    ];
  }

  forward(x: Vec, rows: number): Vec[] {
    this.outs = this.experts.map((e) => e.forward(x, rows));
    return this.gates.map((g) => g.forward(x, this.outs, rows));
  }

  /** The unweighted mean of the experts' outputs. */
  shared(rows: number): Vec {
    const out = this.mean.get(rows * this.outDim);
    meanOf(this.outs, out, rows * this.outDim);
    return out;
  }

  backward(dTask: Vec[], rows: number, opts: BackwardOptions): Vec | null {
    const n = rows * this.outDim;
    const dE = this.dExperts.map((s) => s.get(n).fill(0));
    const inDim = this.experts[0].inDim;
    const dx = this.dx.get(rows * inDim).fill(0);
    this.gates.forEach((g, t) => {
      const d = g.backward(dTask[t], rows, dE, opts);
      if (d) addInto(dx, d, rows * inDim);
    });
    this.experts.forEach((e, i) => {
      const d = e.backward(dE[i], rows, opts);
      if (d) addInto(dx, d, rows * inDim);
    });
    return opts.inputGrad ? dx : null;
  }

  backwardLast(dTask: (Vec | null)[], rows: number): void {
    const n = rows * this.outDim;
    const dE = this.dExperts.map((s) => s.get(n).fill(0));
    this.gates.forEach((g, t) => {
      const d = dTask[t];
      if (d) g.backward(d, rows, dE, DELTAS_ONLY);
    });
    this.experts.forEach((e, i) => e.backwardLast(dE[i], rows));
  }

  lastLayers(): Linear[] {
    return [
      ...this.experts.map((e) => e.last as Linear),
      ...this.gates.map((g) => g.linear),
    ];
  }
}
