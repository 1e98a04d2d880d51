/** Float64 central-difference gradient checking shared by the tests. */
import type { Vec } from '../../src/model/tensor.ts';
import { Rng } from '../../src/util/rng.ts';

/** Step of the central differences. */
export const STEP = 1e-5;
/** Largest relative error accepted between analytic and numeric gradients. */
export const GRAD_RTOL = 1e-6;
/** Below this absolute difference two gradients agree regardless. */
export const GRAD_ATOL = 1e-9;

/** (f(x + h) - f(x - h)) / 2h with respect to arr[i]. */
export function centralDiff(f: () => number, arr: Vec, i: number): number {
  const x = arr[i];
  arr[i] = x + STEP;
  const up = f();
  arr[i] = x - STEP;
  const down = f();
  arr[i] = x;
  return (up - down) / (2 * STEP);
}

/** Asserts-free comparison: true when a and b agree within tolerance. */
export function close(a: number, b: number): boolean {
  const diff = Math.abs(a - b);
  return diff <= GRAD_ATOL || diff <= GRAD_RTOL * (Math.abs(a) + Math.abs(b));
}

/**
 * Checks `analytic[i]` against central differences of `f` for up to
 * `samples` indices of `arr`; returns a description of the first mismatch.
 */
export function checkArray(
  name: string,
  f: () => number,
  arr: Vec,
  analytic: (i: number) => number,
  samples = 12,
  seed = 1,
): string | null {
  const rng = new Rng(seed);
  const n = arr.length;
  const idx =
    n <= samples
      ? Array.from({ length: n }, (_, i) => i)
      : Array.from({ length: samples }, () => rng.int(n));
  for (const i of idx) {
    const num = centralDiff(f, arr, i);
    const ana = analytic(i);
    if (!close(num, ana)) {
      return `${name}[${i}]: analytic ${ana} vs numeric ${num}`;
    }
  }
  return null;
}

/** A float64 array of n normal draws. */
export function randn(rng: Rng, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal() * scale;
  return a;
}

/** Σ a_i·b_i over the first n values. */
export function dot(a: Vec, b: Vec, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
