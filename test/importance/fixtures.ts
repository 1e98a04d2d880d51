/** Small builders shared by the importance tests. */
import type { DynamicsTensor, Labelled } from '../../src/importance/types.ts';

/** Tolerance for values computed in float32. */
export const F32_TOL = 1e-5;

/** A label matrix from nested rows, e.g. [[1, 0], [0, 0]]. */
export function labelled(rows: number[][]): Labelled {
  return {
    rows: rows.length,
    tasks: rows[0].length,
    labels: Float32Array.from(rows.flat()),
  };
}

/** A dynamics tensor from nested [epoch][row][task] probabilities. */
export function dynamicsOf(p: number[][][]): DynamicsTensor {
  return {
    epochs: p.length,
    rows: p[0].length,
    tasks: p[0][0].length,
    probs: Float32Array.from(p.flat(2)),
  };
}

/** Asserts |a − b| <= tol, with a message naming both. */
export function near(a: number, b: number, tol = F32_TOL): void {
  if (!(Math.abs(a - b) <= tol)) {
    throw new Error(`expected ${b}, got ${a} (tolerance ${tol})`);
  }
}
