/**
 * Checks made at the public entry points of the importance scorers. Inner
 * helpers trust their input.
 */
import { DataError, UsageError } from '../errors.ts';
import type { DynamicsTensor, Labelled } from './types.ts';

/** Throws a UsageError unless `array` holds exactly `expected` values. */
export function checkLength(
  name: string,
  array: { length: number },
  expected: number,
  shape: string,
): void {
  if (array.length !== expected) {
    throw new UsageError(
      `${name} must hold ${shape} = ${expected} values, got ` +
        `${array.length}; pass arrays built for the same split and tasks`,
    );
  }
}

/** Validates a label matrix: the shape and every value 0 or 1. */
export function checkLabels(name: string, l: Labelled): void {
  if (!(l.rows >= 0 && l.tasks >= 1)) {
    throw new UsageError(
      `${name} needs rows >= 0 and tasks >= 1, got ` +
        `rows=${l.rows} tasks=${l.tasks}`,
    );
  }
  checkLength(name, l.labels, l.rows * l.tasks, 'rows x tasks');
  for (let i = 0; i < l.labels.length; i++) {
    const y = l.labels[i];
    if (y !== 0 && y !== 1) {
      const row = Math.floor(i / l.tasks);
      throw new DataError(
        `${name}: label of row ${row}, task ${i % l.tasks} is ${y}; ` +
          'labels must be 0 or 1',
      );
    }
  }
}

/** Validates probabilities: every value finite and in [0, 1]. */
export function checkProbs(name: string, probs: Float32Array): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (!(p >= 0 && p <= 1)) {
      throw new DataError(
        `${name}: value ${i} is ${p}; probabilities must lie in [0, 1]`,
      );
    }
  }
}

/** Validates a dynamics tensor against the labels it describes. */
export function checkDynamics(
  name: string,
  d: DynamicsTensor,
  l: Labelled,
): void {
  if (d.rows !== l.rows || d.tasks !== l.tasks || !(d.epochs >= 1)) {
    throw new UsageError(
      `${name} is ${d.epochs} epochs x ${d.rows} rows x ${d.tasks} tasks; ` +
        `expected at least 1 epoch x ${l.rows} rows x ${l.tasks} tasks`,
    );
  }
  checkLength(name, d.probs, d.epochs * d.rows * d.tasks, 'epochs x rows x T');
  checkProbs(name, d.probs);
}

/** Validates task weights: one finite, non-negative value per task. */
export function checkTaskWeights(w: ArrayLike<number>, tasks: number): void {
  if (w.length !== tasks) {
    throw new UsageError(
      `task weights need one value per task (${tasks}), got ${w.length}`,
    );
  }
  for (let t = 0; t < tasks; t++) {
    if (!(w[t] >= 0 && Number.isFinite(w[t]))) {
      throw new UsageError(
        `task weight ${t} is ${w[t]}; weights must be finite and >= 0`,
      );
    }
  }
}
