/** One MLP shared by every task; each tower reads its output. */
import { addInto } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import type { BackwardOptions, Linear } from '../layers/linear.ts';
import { MLP } from '../layers/mlp.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';
import type { Trunk } from './trunk.ts';

export class SharedBottom implements Trunk {
  readonly bottom: MLP;
  readonly outDim: number;
  readonly sharedDim: number;
  private out: Vec | null = null;
  private readonly dSum: Scratch;

  constructor(
    inDim: number,
    hidden: readonly number[],
    private readonly tasks: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.bottom = new MLP('bottom', inDim, hidden, dtype, rng);
    this.outDim = this.sharedDim = this.bottom.outDim;
    this.dSum = new Scratch(dtype);
  }

  params(): Param[] {
    return this.bottom.params();
  }

  forward(x: Vec, rows: number): Vec[] {
    const h = this.bottom.forward(x, rows);
    this.out = h;
    return Array.from({ length: this.tasks }, () => h);
  }

  shared(): Vec {
    return this.out as Vec;
  }

  backward(dTask: Vec[], rows: number, opts: BackwardOptions): Vec | null {
    const n = rows * this.outDim;
    const d = this.dSum.get(n);
    d.set(dTask[0].subarray(0, n));
    for (let t = 1; t < dTask.length; t++) addInto(d, dTask[t], n);
    return this.bottom.backward(d, rows, opts);
  }

  backwardLast(dTask: (Vec | null)[], rows: number): void {
    const n = rows * this.outDim;
    const given = dTask.filter((d): d is Vec => d !== null);
    if (given.length === 1) {
      // One task's delta: no sum to form.
      this.bottom.backwardLast(given[0], rows);
      return;
    }
    const d = this.dSum.get(n).fill(0);
    for (const dt of dTask) if (dt) addInto(d, dt, n);
    this.bottom.backwardLast(d, rows);
  }

  lastLayers(): Linear[] {
    const last = this.bottom.last;
    return last ? [last] : [];
  }
}
