/**
 * How an application turns input rows into probabilities. ONNX Runtime
 * (onnxruntime-node) runs the exported model several times faster than
 * Winnow's own forward pass, and off the event loop; when it cannot load
 * (not installed, no native build for the platform, an architecture the
 * exporter does not cover) the model's own `predict()` answers instead.
 * Both agree within 1e-5.
 */
import type { Batch, MultiTaskModel } from '../model/api.ts';
import { WinnowModel } from '../model/model.ts';
import { createOnnxPredictor } from '../model/onnx/predictor.ts';
import { UsageError } from '../errors.ts';

/** Which forward pass a predictor runs. */
export type PredictorKind = 'onnx' | 'js';

/**
 * `auto` prefers ONNX Runtime and falls back to the model's own pass;
 * `onnx` fails when ONNX Runtime cannot load; `js` never tries it.
 */
export type Engine = 'auto' | PredictorKind;

export const ENGINES: readonly Engine[] = ['auto', 'onnx', 'js'];

/** Help text of an `--engine` flag. */
export const ENGINE_HELP =
  'scoring engine: auto (ONNX Runtime when it loads, else built-in) | ' +
  'onnx | js (built-in forward pass)';

/** Checks an engine name given as text. */
export function parseEngine(text: string): Engine {
  if (!(ENGINES as readonly string[]).includes(text)) {
    throw new UsageError(
      `engine must be one of ${ENGINES.join(', ')}; got "${text}"`,
    );
  }
  return text as Engine;
}

export interface Predictor {
  readonly kind: PredictorKind;
  /** Why `auto` fell back to `js`, when it did. */
  readonly fallback?: string;
  /** rows x T probabilities in [0, 1], as `MultiTaskModel.predict()`. */
  predict(batch: Batch): Promise<Float32Array>;
  /** Frees native resources; no predict() may follow. Idempotent. */
  release(): Promise<void>;
}

export interface PredictorOptions {
  /** Default `auto`. */
  engine?: Engine;
  /** ONNX Runtime intra-op threads, >= 1 (default 1). */
  threads?: number;
}

/** The model's own forward pass behind the predictor interface. */
export function jsPredictor(
  model: MultiTaskModel,
  fallback?: string,
): Predictor {
  return {
    kind: 'js',
    fallback,
    predict: async (batch) => model.predict(batch),
    release: async () => {},
  };
}

/** A predictor for `model` by `options.engine` (see `Engine`). */
export async function createPredictor(
  model: MultiTaskModel,
  options: PredictorOptions = {},
): Promise<Predictor> {
  const engine = options.engine ?? 'auto';
  const threads = options.threads ?? 1;
  parseEngine(engine);
  if (!(Number.isInteger(threads) && threads >= 1)) {
    throw new UsageError(`threads must be a whole number >= 1; got ${threads}`);
  }
  if (engine === 'js') return jsPredictor(model);
  try {
    if (!(model instanceof WinnowModel)) {
      throw new Error('only Winnow models export to ONNX');
    }
    const onnx = await createOnnxPredictor(model, threads);
    let released: Promise<void> | null = null;
    return {
      kind: 'onnx',
      predict: (batch) => onnx.predict(batch),
      release: () => (released ??= onnx.release()),
    };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (engine === 'onnx') {
      throw new UsageError(
        `ONNX Runtime could not run the model (${error}); use ` +
          'engine "js" or "auto"',
      );
    }
    return jsPredictor(model, error);
  }
}
