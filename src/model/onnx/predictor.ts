/**
 * Bulk inference through ONNX Runtime: the model is exported (see
 * export.ts) and run by onnxruntime-node, whose kernels are several times
 * faster than Winnow's own forward pass on large batches. The outputs
 * match `WinnowModel.predict()` within 1e-5.
 */
import type { Batch } from '../api.ts';
import type { WinnowModel } from '../model.ts';
import { exportOnnx } from './export.ts';

/** Rows per ONNX Runtime call. */
export const ONNX_CHUNK = 8192;

export interface OnnxPredictor {
  /** rows x T probabilities, as `WinnowModel.predict()`. */
  predict(batch: Batch): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Builds a predictor; `threads` is ONNX Runtime's intra-op thread count. */
export async function createOnnxPredictor(
  model: WinnowModel,
  threads = 1,
): Promise<OnnxPredictor> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(exportOnnx(model), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const F = model.config.vocabs.length;
  const N = model.config.nDense;
  const T = model.tasks.length;
  return {
    async predict(batch) {
      const out = new Float32Array(batch.rows * T);
      for (let lo = 0; lo < batch.rows; lo += ONNX_CHUNK) {
        const rows = Math.min(ONNX_CHUNK, batch.rows - lo);
        const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
        if (F) {
          const cat = batch.cat.subarray(lo * F, (lo + rows) * F);
          feeds.cat = new ort.Tensor('int32', cat, [rows, F]);
        }
        if (N) {
          const dense = batch.dense.subarray(lo * N, (lo + rows) * N);
          feeds.dense = new ort.Tensor('float32', dense, [rows, N]);
        }
        const res = await session.run(feeds);
        out.set(res.probs.data as Float32Array, lo * T);
      }
      return out;
    },
    release: () => session.release(),
  };
}
