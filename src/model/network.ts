/**
 * A multi-task network: embeddings and dense features, a trunk (shared
 * bottom, MMoE or PLE), and per task a ReLU tower ending in one logit.
 */
import { Rng } from '../util/rng.ts';
import type { ModelConfig } from './config.ts';
import { Embedding } from './layers/embedding.ts';
import { Linear, type BackwardOptions } from './layers/linear.ts';
import { MLP } from './layers/mlp.ts';
import { Scratch, type DType, type Param, type Vec } from './tensor.ts';
import { MMoE } from './trunks/mmoe.ts';
import { PLE } from './trunks/ple.ts';
import { SharedBottom } from './trunks/shared-bottom.ts';
import type { Trunk } from './trunks/trunk.ts';

export class Network {
  readonly embedding: Embedding;
  readonly trunk: Trunk;
  readonly towers: MLP[];
  readonly heads: Linear[];
  readonly tasks: number;
  private readonly logits: Scratch;
  private readonly dHeads: Scratch[];
  private towerOuts: Vec[] = [];

  constructor(
    readonly config: ModelConfig,
    readonly dtype: DType = 'float32',
  ) {
    const rng = new Rng(config.seed);
    const T = (this.tasks = config.tasks.length);
    this.embedding = new Embedding(
      config.vocabs,
      config.embDim,
      config.nDense,
      dtype,
      rng,
    );
    this.trunk = makeTrunk(config, this.embedding.outDim, dtype, rng);
    this.towers = config.tasks.map(
      (_, t) =>
        new MLP(`tower${t}`, this.trunk.outDim, config.tower, dtype, rng),
    );
    this.heads = this.towers.map(
      (tw, t) => new Linear(`head${t}`, tw.outDim, 1, dtype, rng),
    );
    this.logits = new Scratch(dtype);
    this.dHeads = Array.from({ length: T }, () => new Scratch(dtype));
  }

  /** Every parameter except the embedding table, in a fixed order. */
  denseParams(): Param[] {
    return [
      ...this.trunk.params(),
      ...this.towers.flatMap((t) => t.params()),
      ...this.heads.flatMap((h) => h.params()),
    ];
  }

  /** The embedding table first, then `denseParams()`. */
  params(): Param[] {
    return [this.embedding.table, ...this.denseParams()];
  }

  /** rows x T logits. Ids are trusted; validate with `embedding.validate`. */
  forward(cat: Int32Array, dense: Float32Array, rows: number): Vec {
    const x = this.embedding.forward(cat, dense, rows);
    const taskIns = this.trunk.forward(x, rows);
    this.towerOuts = this.towers.map((tw, t) => tw.forward(taskIns[t], rows));
    const T = this.tasks;
    const z = this.logits.get(rows * T);
    this.heads.forEach((h, t) => {
      const y = h.forward(this.towerOuts[t], rows);
      for (let r = 0; r < rows; r++) z[r * T + t] = y[r];
    });
    return z;
  }

  /** Per task, the input of its final linear layer (last forward pass). */
  towerInputs(): Vec[] {
    return this.towerOuts;
  }

  /**
   * Back-propagates dL/dlogits (rows x T). With `paramGrads` every dense
   * parameter gets its gradient and the table a sparse one.
   *
   * With `taskNorms` (one array of at least `rows` per task, zeroed by the
   * caller) it also adds, per task t and row r, the squared norm of the
   * row's share of the gradient of task t's logit column alone over
   * `inspectedLayers()`: the same quantity `inspect()` measures, here
   * without a pass of its own, because the towers' deltas are per task
   * already and the trunk's last layers need only an element-wise pass
   * per task (the row norms still cost a training epoch 6-10%).
   * Not for ESMM, whose click tower mixes every task's delta.
   */
  backward(
    dLogits: Vec,
    rows: number,
    opts: BackwardOptions & { taskNorms?: Float64Array[] },
  ): void {
    const T = this.tasks;
    const inner = { paramGrads: opts.paramGrads, inputGrad: true };
    const norms = opts.taskNorms;
    const dTask = this.heads.map((h, t) => {
      const d = this.dHeads[t].get(rows);
      for (let r = 0; r < rows; r++) d[r] = dLogits[r * T + t];
      const own = [h, ...this.towers[t].layers];
      if (norms) for (const l of own) l.rowNorms = norms[t];
      const dTower = h.backward(d, rows, inner) as Vec;
      const out = this.towers[t].backward(dTower, rows, inner) as Vec;
      if (norms) for (const l of own) l.rowNorms = null;
      return out;
    });
    if (norms) this.trunkTaskNorms(dTask, rows, norms);
    const trunkOpts = {
      paramGrads: opts.paramGrads,
      inputGrad: opts.paramGrads,
    };
    const dx = this.trunk.backward(dTask, rows, trunkOpts);
    if (opts.paramGrads && dx) this.embedding.backward(dx, rows);
  }

  /** Per task, the trunk's last layers' share of `backward`'s taskNorms. */
  private trunkTaskNorms(
    dTask: Vec[],
    rows: number,
    norms: Float64Array[],
  ): void {
    const last = this.trunk.lastLayers();
    const only: (Vec | null)[] = new Array<Vec | null>(this.tasks).fill(null);
    for (let t = 0; t < this.tasks; t++) {
      for (const l of last) l.rowNorms = norms[t];
      only.fill(null);
      only[t] = dTask[t];
      this.trunk.backwardLast(only, rows);
    }
    for (const l of last) l.rowNorms = null;
  }

  /**
   * Back-propagates dL/dlogits (rows x T) through the heads and towers
   * listed in `towers` (the others' logits must have zero gradient) and on
   * only as far as the deltas of the trunk's last shared layers, so that
   * the `rowNorms` of `inspectedLayers()` fill. No parameter gradients.
   */
  backwardLast(dLogits: Vec, rows: number, towers: readonly number[]): void {
    const T = this.tasks;
    const inner = { paramGrads: false, inputGrad: true };
    const dTask: (Vec | null)[] = new Array<Vec | null>(T).fill(null);
    for (const t of towers) {
      const d = this.dHeads[t].get(rows);
      for (let r = 0; r < rows; r++) d[r] = dLogits[r * T + t];
      const dTower = this.heads[t].backward(d, rows, inner) as Vec;
      dTask[t] = this.towers[t].backward(dTower, rows, inner) as Vec;
    }
    this.trunk.backwardLast(dTask, rows);
  }

  /** The Linear layers that `inspect()` measures per-sample gradients of. */
  inspectedLayers(): Linear[] {
    return [
      ...this.trunk.lastLayers(),
      ...this.towers.flatMap((t) => t.layers),
      ...this.heads,
    ];
  }
}

function makeTrunk(
  c: ModelConfig,
  inDim: number,
  dtype: DType,
  rng: Rng,
): Trunk {
  const T = c.tasks.length;
  switch (c.architecture) {
    case 'mmoe':
      return new MMoE(inDim, c.hidden, c.experts, T, dtype, rng);
    case 'ple':
      return new PLE(
        inDim,
        {
          hidden: c.hidden,
          sharedExperts: c.experts,
          taskExperts: c.taskExperts,
          levels: c.levels,
        },
        T,
        dtype,
        rng,
      );
    default:
      return new SharedBottom(inDim, c.hidden, T, dtype, rng);
  }
}
