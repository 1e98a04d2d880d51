/**
 * The shared part of a multi-task network: it maps the input vector to one
 * input per task tower. Shared bottom, MMoE and PLE are trunks.
 */
import type { BackwardOptions, Linear } from '../layers/linear.ts';
import type { Param, Vec } from '../tensor.ts';

export interface Trunk {
  /** Width of each task's input to its tower. */
  readonly outDim: number;
  /** Width of the shared representation (`shared()`). */
  readonly sharedDim: number;
  params(): Param[];
  /** One rows x outDim input per task (entries may share a buffer). */
  forward(x: Vec, rows: number): Vec[];
  /** The shared representation of the last forward pass, rows x sharedDim. */
  shared(rows: number): Vec;
  /** Takes dL/d(task input) per task; returns dL/dx when asked. */
  backward(dTask: Vec[], rows: number, opts: BackwardOptions): Vec | null;
  /**
   * Takes dL/d(task input) per task (null = zero) and back-propagates it
   * only as far as the deltas of `lastLayers()`, so that their `rowNorms`
   * fill; computes no parameter or input gradients.
   */
  backwardLast(dTask: (Vec | null)[], rows: number): void;
  /** The trunk's last shared Linear layers (for per-sample grad norms). */
  lastLayers(): Linear[];
}
