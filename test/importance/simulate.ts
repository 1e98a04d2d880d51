/**
 * A small synthetic multi-task world for the importance tests: linearly
 * separable click and conversion labels, a share of them flipped, and a
 * per-task logistic model trained by full-batch gradient descent that
 * logs its predictions after every epoch.
 */
import type { Inspection } from '../../src/model/api.ts';
import type { DynamicsTensor, Labelled } from '../../src/importance/types.ts';
import { Rng } from '../../src/util/rng.ts';

export interface World {
  x: Float32Array;
  dim: number;
  labels: Labelled;
  /** 1 where any task's label was flipped. */
  flipped: Float32Array;
  /** The labels before flipping. */
  clean: Float32Array;
  dynamics: DynamicsTensor;
  final: Inspection;
}

/** Draws n rows with `dim` features and flips `rate` of the click labels. */
export function makeWorld(
  n: number,
  rate: number,
  seed: number,
  epochs = 8,
): World {
  const dim = 4;
  const rng = new Rng(seed);
  const x = new Float32Array(n * dim).map(() => rng.normal());
  const labels = new Float32Array(n * 2);
  const flipped = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const f = x.subarray(r * dim, (r + 1) * dim);
    const click = f[0] + 0.5 * f[1] > 0 ? 1 : 0;
    labels[r * 2] = click;
    labels[r * 2 + 1] = click && f[2] > 0.3 ? 1 : 0;
    if (rng.next() < rate) {
      labels[r * 2] = 1 - click;
      flipped[r] = 1;
    }
  }
  const clean = labels.slice();
  for (let r = 0; r < n; r++) if (flipped[r]) clean[r * 2] = 1 - labels[r * 2];
  const L = { rows: n, tasks: 2, labels };
  const { dynamics, probs } = train(x, dim, L, epochs);
  return {
    x,
    dim,
    labels: L,
    flipped,
    clean,
    dynamics,
    final: inspect(x, dim, L, probs),
  };
}

/** Per-task logistic regression, full batch, logging every epoch. */
function train(x: Float32Array, dim: number, L: Labelled, epochs: number) {
  const n = L.rows;
  const w = new Float64Array(2 * (dim + 1));
  const out = new Float32Array(epochs * n * 2);
  const probs = new Float32Array(n * 2);
  for (let e = 0; e < epochs; e++) {
    const grad = new Float64Array(w.length);
    for (let r = 0; r < n; r++) {
      for (let t = 0; t < 2; t++) {
        const o = t * (dim + 1);
        let z = w[o + dim];
        for (let k = 0; k < dim; k++) z += w[o + k] * x[r * dim + k];
        const err = 1 / (1 + Math.exp(-z)) - L.labels[r * 2 + t];
        for (let k = 0; k < dim; k++) grad[o + k] += err * x[r * dim + k];
        grad[o + dim] += err;
      }
    }
    for (let j = 0; j < w.length; j++) w[j] -= (2 * grad[j]) / n;
    for (let r = 0; r < n; r++) {
      for (let t = 0; t < 2; t++) {
        const o = t * (dim + 1);
        let z = w[o + dim];
        for (let k = 0; k < dim; k++) z += w[o + k] * x[r * dim + k];
        probs[r * 2 + t] = 1 / (1 + Math.exp(-z));
      }
    }
    out.set(probs, e * n * 2);
  }
  return { dynamics: { epochs, rows: n, tasks: 2, probs: out }, probs };
}

/** The final model as the scorers see it: features are the representation. */
function inspect(
  x: Float32Array,
  dim: number,
  L: Labelled,
  probs: Float32Array,
): Inspection {
  const n = L.rows;
  const towerInputs = new Float32Array(n * 2 * dim);
  const gradNorm = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    let a2 = 1;
    for (let k = 0; k < dim; k++) a2 += x[r * dim + k] ** 2;
    for (let t = 0; t < 2; t++) {
      towerInputs.set(x.subarray(r * dim, (r + 1) * dim), (r * 2 + t) * dim);
      gradNorm[r * 2 + t] =
        Math.abs(probs[r * 2 + t] - L.labels[r * 2 + t]) * Math.sqrt(a2);
    }
  }
  return {
    probs,
    shared: x,
    sharedDim: dim,
    towerInputs,
    towerInputDim: dim,
    gradNorm,
  };
}
