/**
 * Winnow's multi-task ranking model: the network plus what the scorers and
 * applications call — `predict()` and `inspect()`.
 */
import { UsageError } from '../errors.ts';
import type {
  Architecture,
  Batch,
  Inspection,
  LabelledBatch,
  MultiTaskModel,
} from './api.ts';
import type { ModelConfig } from './config.ts';
import {
  allocTerms,
  probabilities,
  taskTerms,
  type TaskTerms,
} from './loss.ts';
import { Network } from './network.ts';
import { alloc, type DType, type Vec } from './tensor.ts';

/** Rows per forward pass inside predict() and inspect(). */
export const PREDICT_CHUNK = 2048;

/** The parts of an `Inspection` to compute; `probs` always are. */
export interface InspectParts {
  /** `shared`, the trunk's representation. Default true. */
  shared?: boolean;
  /** `towerInputs`, the inputs of the towers' final layers. Default true. */
  towerInputs?: boolean;
  /** `gradNorm`, the per-task gradient norms. Default true. */
  gradNorm?: boolean;
}

const ALL_PARTS: Required<InspectParts> = {
  shared: true,
  towerInputs: true,
  gradNorm: true,
};

interface GradScratch {
  terms: TaskTerms;
  norms: Float64Array;
  dLogits: Vec;
}

/**
 * Copies per-task rows x D blocks into rows x T x D order, from row `lo`
 * of `dst` on.
 */
function interleave(
  src: readonly Vec[],
  dst: Float32Array,
  lo: number,
  rows: number,
  D: number,
): void {
  const T = src.length;
  for (let t = 0; t < T; t++) {
    const from = src[t];
    for (let r = 0; r < rows; r++) {
      dst.set(from.subarray(r * D, (r + 1) * D), ((lo + r) * T + t) * D);
    }
  }
}

export class WinnowModel implements MultiTaskModel {
  readonly network: Network;

  constructor(
    readonly config: ModelConfig,
    dtype: DType = 'float32',
  ) {
    this.network = new Network(config, dtype);
  }

  get tasks(): readonly string[] {
    return this.config.tasks;
  }

  get architecture(): Architecture {
    return this.config.architecture;
  }

  get esmm(): boolean {
    return this.config.architecture === 'esmm';
  }

  /** rows x T probabilities in [0, 1] (ESMM: pCTR, then pCTCVR per task). */
  predict(batch: Batch): Float32Array {
    this.check(batch);
    const T = this.tasks.length;
    const out = new Float32Array(batch.rows * T);
    this.chunks(batch, (lo, rows, cat, dense) => {
      const z = this.network.forward(cat, dense, rows);
      probabilities(z, rows, T, this.esmm, out.subarray(lo * T));
    });
    return out;
  }

  /**
   * Probabilities, the shared representation, the inputs of each tower's
   * final linear layer, and per task the exact norm of each sample's own
   * gradient of its unweighted task loss with respect to the towers, the
   * heads and the trunk's last shared layers (0 = the sample teaches
   * those layers nothing; larger = a larger update). `parts` leaves out
   * what the caller does not need (an omitted part is an empty array):
   * without `gradNorm` this is a forward pass; the gradient norms add one
   * backward pass per task through its tower only, down to the trunk's
   * last layers' deltas.
   */
  inspect(batch: LabelledBatch, parts: InspectParts = {}): Inspection {
    this.check(batch);
    const net = this.network;
    const T = this.tasks.length;
    const H = net.trunk.sharedDim;
    const D = net.heads[0].inDim;
    const n = batch.rows;
    const want = { ...ALL_PARTS, ...parts };
    const res: Inspection = {
      probs: new Float32Array(n * T),
      shared: new Float32Array(want.shared ? n * H : 0),
      sharedDim: H,
      towerInputs: new Float32Array(want.towerInputs ? n * T * D : 0),
      towerInputDim: D,
      gradNorm: new Float32Array(want.gradNorm ? n * T : 0),
    };
    const scratch = want.gradNorm ? this.gradScratch(n) : null;
    this.chunks(batch, (lo, rows, cat, dense) => {
      const z = net.forward(cat, dense, rows);
      probabilities(z, rows, T, this.esmm, res.probs.subarray(lo * T));
      if (want.shared) {
        res.shared.set(net.trunk.shared(rows).subarray(0, rows * H), lo * H);
      }
      if (want.towerInputs) {
        interleave(net.towerInputs(), res.towerInputs, lo, rows, D);
      }
      if (scratch) {
        const labels = batch.labels.subarray(lo * T, (lo + rows) * T);
        const out = res.gradNorm.subarray(lo * T);
        this.gradNorms(z, labels, rows, out, scratch);
      }
    });
    return res;
  }

  /** Buffers `gradNorms` reuses from chunk to chunk. */
  private gradScratch(rows: number): GradScratch {
    const n = Math.min(rows, PREDICT_CHUNK);
    const T = this.tasks.length;
    return {
      terms: allocTerms(n * T),
      norms: new Float64Array(n),
      dLogits: alloc(this.network.dtype, n * T),
    };
  }

  /**
   * Per task, one backward pass of the unweighted task loss through that
   * task's tower (and, for ESMM, the click tower its pCTCVR = pCTR·pCVR
   * also depends on) down to the trunk's last shared layers: the deeper
   * layers and the embeddings hold none of the measured parameters.
   */
  private gradNorms(
    z: Vec,
    labels: Float32Array,
    rows: number,
    out: Float32Array,
    s: GradScratch,
  ): void {
    const net = this.network;
    const T = this.tasks.length;
    const { terms } = s;
    taskTerms(z, labels, rows, T, this.esmm, terms);
    const layers = net.inspectedLayers();
    const norms = s.norms.subarray(0, rows);
    const dLogits = s.dLogits.subarray(0, rows * T);
    for (let t = 0; t < T; t++) {
      dLogits.fill(0);
      for (let r = 0; r < rows; r++) {
        dLogits[r * T + t] = terms.dSelf[r * T + t];
        dLogits[r * T] += terms.dClick[r * T + t];
      }
      norms.fill(0);
      for (const l of layers) l.rowNorms = norms;
      const towers = this.esmm && t > 0 ? [0, t] : [t];
      net.backwardLast(dLogits, rows, towers);
      for (const l of layers) l.rowNorms = null;
      for (let r = 0; r < rows; r++) out[r * T + t] = Math.sqrt(norms[r]);
    }
  }

  private chunks(
    batch: Batch,
    fn: (
      lo: number,
      rows: number,
      cat: Int32Array,
      dense: Float32Array,
    ) => void,
  ): void {
    const F = this.config.vocabs.length;
    const N = this.config.nDense;
    for (let lo = 0; lo < batch.rows; lo += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, batch.rows - lo);
      const cat = batch.cat.subarray(lo * F, (lo + rows) * F);
      const dense = batch.dense.subarray(lo * N, (lo + rows) * N);
      fn(lo, rows, cat, dense);
    }
  }

  private check(batch: Batch): void {
    const F = this.config.vocabs.length;
    const N = this.config.nDense;
    const { rows, cat, dense } = batch;
    if (cat.length < rows * F || dense.length < rows * N) {
      throw new UsageError(
        `a batch of ${rows} rows needs ${rows * F} categorical ids and ` +
          `${rows * N} dense values; got ${cat.length} and ${dense.length}`,
      );
    }
    this.network.embedding.validate(cat, rows);
    const lb = batch as Partial<LabelledBatch>;
    const T = this.tasks.length;
    if (lb.labels && lb.labels.length < rows * T) {
      throw new UsageError(
        `expected ${rows * T} labels (${rows} rows x ${T} tasks), ` +
          `got ${lb.labels.length}`,
      );
    }
  }
}
