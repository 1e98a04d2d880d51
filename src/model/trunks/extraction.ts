/** One PLE extraction level (a customized gate control unit). */
import { addInto } from '../kernels.ts';
import type { Rng } from '../../util/rng.ts';
import { Gate } from '../layers/gate.ts';
import type { BackwardOptions, Linear } from '../layers/linear.ts';
import { MLP } from '../layers/mlp.ts';
import { Scratch, type DType, type Param, type Vec } from '../tensor.ts';

const DELTAS_ONLY: BackwardOptions = { paramGrads: false, inputGrad: false };

export interface LevelShape {
  hidden: readonly number[];
  sharedExperts: number;
  taskExperts: number;
  tasks: number;
  /** False at the top level, which feeds only the towers. */
  withSharedGate: boolean;
}

export interface LevelOutput {
  tasks: Vec[];
  shared: Vec | null;
}

export class ExtractionLevel {
  /** shared[s] reads the shared input; own[t][k] reads task t's input. */
  readonly sharedExperts: MLP[];
  readonly taskExperts: MLP[][];
  readonly taskGates: Gate[];
  readonly sharedGate: Gate | null;
  readonly outDim: number;
  private sharedOuts: Vec[] = [];
  private taskOuts: Vec[][] = [];
  private readonly dShared: Scratch[];
  private readonly dOwn: Scratch[][];
  private readonly dTaskIn: Scratch[];
  private readonly dSharedIn: Scratch;

  constructor(
    name: string,
    readonly inDim: number,
    s: LevelShape,
    dtype: DType,
    rng: Rng,
  ) {
    const mlp = (n: string) => new MLP(n, inDim, s.hidden, dtype, rng);
    this.sharedExperts = range(s.sharedExperts).map((e) =>
      mlp(`${name}.shared${e}`),
    );
    this.taskExperts = range(s.tasks).map((t) =>
      range(s.taskExperts).map((k) => mlp(`${name}.task${t}.expert${k}`)),
    );
    const H = this.sharedExperts[0].outDim;
    this.outDim = H;
    const nMix = s.taskExperts + s.sharedExperts;
    this.taskGates = range(s.tasks).map(
      (t) => new Gate(`${name}.gate${t}`, inDim, nMix, H, dtype, rng),
    );
    const nAll = s.tasks * s.taskExperts + s.sharedExperts;
    this.sharedGate = s.withSharedGate
      ? new Gate(`${name}.sharedGate`, inDim, nAll, H, dtype, rng)
      : null;
    const scratch = () => new Scratch(dtype);
    this.dShared = this.sharedExperts.map(scratch);
    this.dOwn = this.taskExperts.map((own) => own.map(scratch));
    this.dTaskIn = this.taskExperts.map(scratch);
    this.dSharedIn = scratch();
  }

  params(): Param[] {
    const experts = [...this.sharedExperts, ...this.taskExperts.flat()];
    const gates = [
      ...this.taskGates,
      ...(this.sharedGate ? [this.sharedGate] : []),
    ];
    return [
      ...experts.flatMap((e) => e.params()),
      ...gates.flatMap((g) => g.params()),
    ];
  }

  sharedOutputs(): Vec[] {
    return this.sharedOuts;
  }

  forward(taskIns: Vec[], sharedIn: Vec, rows: number): LevelOutput {
    this.sharedOuts = this.sharedExperts.map((e) => e.forward(sharedIn, rows));
    this.taskOuts = this.taskExperts.map((own, t) =>
      own.map((e) => e.forward(taskIns[t], rows)),
    );
    const tasks = this.taskGates.map((g, t) =>
      g.forward(taskIns[t], [...this.taskOuts[t], ...this.sharedOuts], rows),
    );
    const all = [...this.taskOuts.flat(), ...this.sharedOuts];
    const shared = this.sharedGate
      ? this.sharedGate.forward(sharedIn, all, rows)
      : null;
    return { tasks, shared };
  }

  /** Gradients with respect to each task input and the shared input. */
  backward(
    dTasks: Vec[],
    dSharedOut: Vec | null,
    rows: number,
    opts: BackwardOptions,
  ): { tasks: Vec[]; shared: Vec } {
    const n = rows * this.outDim;
    const m = rows * this.inDim;
    const dS = this.dShared.map((s) => s.get(n).fill(0));
    const dO = this.dOwn.map((own) => own.map((s) => s.get(n).fill(0)));
    const dIn = this.dTaskIn.map((s) => s.get(m).fill(0));
    const dSIn = this.dSharedIn.get(m).fill(0);
    const add = (dst: Vec, d: Vec | null) => d && addInto(dst, d, m);
    this.taskGates.forEach((g, t) => {
      add(dIn[t], g.backward(dTasks[t], rows, [...dO[t], ...dS], opts));
    });
    if (this.sharedGate && dSharedOut) {
      const dAll = [...dO.flat(), ...dS];
      add(dSIn, this.sharedGate.backward(dSharedOut, rows, dAll, opts));
    }
    this.taskExperts.forEach((own, t) =>
      own.forEach((e, k) => add(dIn[t], e.backward(dO[t][k], rows, opts))),
    );
    this.sharedExperts.forEach((e, s) =>
      add(dSIn, e.backward(dS[s], rows, opts)),
    );
    return { tasks: dIn, shared: dSIn };
  }

  /**
   * Back-propagates dL/d(task output) (null = zero) to the deltas of
   * `lastLayers()` only; the shared gate (absent at the top level, the only
   * level this is called on) is not part of those layers.
   */
  backwardLast(dTasks: (Vec | null)[], rows: number): void {
    const n = rows * this.outDim;
    const dS = this.dShared.map((s) => s.get(n).fill(0));
    this.taskGates.forEach((g, t) => {
      const d = dTasks[t];
      if (!d) return;
      const dO = this.dOwn[t].map((s) => s.get(n).fill(0));
      g.backward(d, rows, [...dO, ...dS], DELTAS_ONLY);
      this.taskExperts[t].forEach((e, k) => e.backwardLast(dO[k], rows));
    });
    this.sharedExperts.forEach((e, s) => e.backwardLast(dS[s], rows));
  }

  lastLayers(): Linear[] {
    const experts = [...this.sharedExperts, ...this.taskExperts.flat()];
    return [
      ...experts.map((e) => e.last as Linear),
      ...this.taskGates.map((g) => g.linear),
    ];
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
