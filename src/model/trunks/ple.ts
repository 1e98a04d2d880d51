/**
 * Progressive layered extraction (Tang et al. 2020). Each extraction level
 * has shared experts and per-task experts; task t's gate mixes its own and
 * the shared experts, and (below the top level) a shared gate mixes all of
 * them into the next level's shared input.
 */
import { addInto, meanOf } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import type { BackwardOptions, Linear } from '../layers/linear.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';
import { ExtractionLevel } from './extraction.ts';
import type { Trunk } from './trunk.ts';

export interface PleShape {
  hidden: readonly number[];
  sharedExperts: number;
  taskExperts: number;
  levels: number;
}

export class PLE implements Trunk {
  readonly levels: ExtractionLevel[] = [];
  readonly outDim: number;
  readonly sharedDim: number;
  private readonly dx: Scratch;
  private readonly mean: Scratch;

  constructor(
    private readonly inDim: number,
    shape: PleShape,
    private readonly tasks: number,
    dtype: DType,
    rng: Rng,
  ) {
    let width = inDim;
    for (let l = 0; l < shape.levels; l++) {
      const top = l === shape.levels - 1;
      const level = new ExtractionLevel(
        `level${l}`,
        width,
        { ...shape, tasks, withSharedGate: !top },
        dtype,
        rng,
      );
      this.levels.push(level);
      width = level.outDim;
    }
    this.outDim = this.sharedDim = width;
    this.dx = new Scratch(dtype);
    this.mean = new Scratch(dtype);
  }

  params(): Param[] {
    return this.levels.flatMap((l) => l.params());
  }

  forward(x: Vec, rows: number): Vec[] {
    let taskIns: Vec[] = Array.from({ length: this.tasks }, () => x);
    let sharedIn = x;
    for (const level of this.levels) {
      const out = level.forward(taskIns, sharedIn, rows);
      taskIns = out.tasks;
      sharedIn = out.shared as Vec;
    }
    return taskIns;
  }

  /** The unweighted mean of the top level's shared experts' outputs. */
  shared(rows: number): Vec {
    const top = this.levels[this.levels.length - 1];
    const out = this.mean.get(rows * this.outDim);
    meanOf(top.sharedOutputs(), out, rows * this.outDim);
    return out;
  }

  backward(dTask: Vec[], rows: number, opts: BackwardOptions): Vec | null {
    let dTasks = dTask;
    let dShared: Vec | null = null;
    for (let l = this.levels.length - 1; l >= 0; l--) {
      const inner = { ...opts, inputGrad: l > 0 || opts.inputGrad };
      const d = this.levels[l].backward(dTasks, dShared, rows, inner);
      if (!inner.inputGrad) return null;
      dTasks = d.tasks;
      dShared = d.shared;
    }
    const n = rows * this.inDim;
    const dx = this.dx.get(n);
    dx.set((dShared as Vec).subarray(0, n));
    for (const d of dTasks) addInto(dx, d, n);
    return dx;
  }

  backwardLast(dTask: (Vec | null)[], rows: number): void {
    this.levels[this.levels.length - 1].backwardLast(dTask, rows);
  }

  lastLayers(): Linear[] {
    return this.levels[this.levels.length - 1].lastLayers();
  }
}
