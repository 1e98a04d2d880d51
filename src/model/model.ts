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
import { allocTerms, probabilities, taskTerms } from './loss.ts';
import { Network } from './network.ts';
import { alloc, type DType } from './tensor.ts';

/** Rows per forward pass inside predict() and inspect(). */
export const PREDICT_CHUNK = 2048;

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
   * those layers nothing; larger = a larger update).
   */
  inspect(batch: LabelledBatch): Inspection {
    this.check(batch);
    const net = this.network;
    const T = this.tasks.length;
    const H = net.trunk.sharedDim;
    const D = net.heads[0].inDim;
    const n = batch.rows;
    const res: Inspection = {
      probs: new Float32Array(n * T),
      shared: new Float32Array(n * H),
      sharedDim: H,
      towerInputs: new Float32Array(n * T * D),
      towerInputDim: D,
      gradNorm: new Float32Array(n * T),
    };
    this.chunks(batch, (lo, rows, cat, dense) => {
      const z = net.forward(cat, dense, rows);
      probabilities(z, rows, T, this.esmm, res.probs.subarray(lo * T));
      res.shared.set(net.trunk.shared(rows).subarray(0, rows * H), lo * H);
      const ins = net.towerInputs();
      const dst = res.towerInputs;
      for (let t = 0; t < T; t++) {
        const src = ins[t];
        for (let r = 0; r < rows; r++) {
          const o = ((lo + r) * T + t) * D;
          for (let j = 0; j < D; j++) dst[o + j] = src[r * D + j];
        }
      }
      const labels = batch.labels.subarray(lo * T, (lo + rows) * T);
      this.gradNorms(z, labels, rows, res.gradNorm.subarray(lo * T));
    });
    return res;
  }

  /**
   * Per task, one backward pass of the unweighted task loss through that
   * task's tower (and, for ESMM, the click tower its pCTCVR = pCTR·pCVR
   * also depends on) down to the trunk's last shared layers: the deeper
   * layers and the embeddings hold none of the measured parameters.
   */
  private gradNorms(
    z: ArrayLike<number>,
    labels: Float32Array,
    rows: number,
    out: Float32Array,
  ): void {
    const net = this.network;
    const T = this.tasks.length;
    const logits = Float64Array.from(z as ArrayLike<number>);
    const terms = allocTerms(rows * T);
    taskTerms(logits, labels, rows, T, this.esmm, terms);
    const layers = net.inspectedLayers();
    const norms = new Float64Array(rows);
    const dLogits = alloc(net.dtype, rows * T);
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
