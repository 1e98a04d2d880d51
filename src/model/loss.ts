/**
 * Per-sample, per-task binary cross-entropy from logits, with its partial
 * derivatives in closed form.
 *
 * Independent towers: p_t = σ(z_t), L = BCE(p_t, y_t), dL/dz_t = p_t - y_t.
 * ESMM (Ma et al. 2018): task 0 is CTR; every later task t is modelled as
 * pCTCVR_t = σ(z_0)·σ(z_t) over all impressions, so its loss also moves z_0.
 * With a = σ(z_0), b = σ(z_t), q = a·b:
 *   log q     = log σ(z_0) + log σ(z_t)
 *   1 - q     = σ(-z_0) + a·σ(-z_t)          (a sum of positives: stable)
 *   dL/dz_0   = y·(a - 1) + (1 - y)·q·(1 - a) / (1 - q)
 *   dL/dz_t   = y·(b - 1) + (1 - y)·q·(1 - b) / (1 - q)
 */
import { bceWithLogit, logSigmoid, sigmoid } from './kernels.ts';
import type { Vec } from './tensor.ts';

/** rows x T arrays: the loss and its derivatives w.r.t. z_t and z_0. */
export interface TaskTerms {
  loss: Float64Array;
  /** dL_rt / dz_rt. */
  dSelf: Float64Array;
  /** dL_rt / dz_r0 for ESMM tasks t > 0, else 0. */
  dClick: Float64Array;
}

export function allocTerms(n: number): TaskTerms {
  return {
    loss: new Float64Array(n),
    dSelf: new Float64Array(n),
    dClick: new Float64Array(n),
  };
}

/** Fills `out` (at least rows x T) for logits and labels, both rows x T. */
export function taskTerms(
  logits: Vec,
  labels: Float32Array,
  rows: number,
  T: number,
  esmm: boolean,
  out: TaskTerms,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * T;
    const z0 = logits[o];
    for (let t = 0; t < T; t++) {
      const z = logits[o + t];
      const y = labels[o + t];
      if (!esmm || t === 0) {
        out.loss[o + t] = bceWithLogit(z, y);
        out.dSelf[o + t] = sigmoid(z) - y;
        out.dClick[o + t] = 0;
        continue;
      }
      esmmTerm(z0, z, y, out, o + t);
    }
  }
}

function esmmTerm(
  z0: number,
  z: number,
  y: number,
  out: TaskTerms,
  i: number,
): void {
  const a = sigmoid(z0);
  const b = sigmoid(z);
  const q = a * b;
  const oneMinusQ = sigmoid(-z0) + a * sigmoid(-z);
  const logQ = logSigmoid(z0) + logSigmoid(z);
  out.loss[i] = -y * logQ - (1 - y) * Math.log(oneMinusQ);
  const r = q / oneMinusQ;
  out.dClick[i] = y * (a - 1) + (1 - y) * r * (1 - a);
  out.dSelf[i] = y * (b - 1) + (1 - y) * r * (1 - b);
}

/** rows x T probabilities: σ(z_t), or for ESMM σ(z_0)·σ(z_t) for t > 0. */
export function probabilities(
  logits: Vec,
  rows: number,
  T: number,
  esmm: boolean,
  out: Float32Array | Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * T;
    const p0 = sigmoid(logits[o]);
    out[o] = p0;
    for (let t = 1; t < T; t++) {
      const p = sigmoid(logits[o + t]);
      out[o + t] = esmm ? p0 * p : p;
    }
  }
}
