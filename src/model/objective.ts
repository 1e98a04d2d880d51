/**
 * The training objective over a batch:
 *   L = (1/rows) Σ_r w_r Σ_t c_t · m_rt · L_rt  (+ Σ_t s_t, uncertainty)
 * where w_r is the per-sample weight, L_rt the per-sample task loss
 * (see loss.ts), c_t the task weight — fixed [1, λ, λ, ...] by default, or
 * exp(-s_t) with learned uncertainty weights (Kendall et al. 2018) — and
 * m_rt a 0/1 mask set by the truncated loss (T-CE, Wang et al. 2021), which
 * drops the largest-loss positives of each task at a rate growing linearly
 * from 0 to `maxRate` over `steps` steps.
 */
import { UsageError } from '../errors.ts';
import { allocTerms, taskTerms, type TaskTerms } from './loss.ts';
import { denseParam, type DType, type Param, type Vec } from './tensor.ts';

export interface ObjectiveOptions {
  /** Weight λ of every task after the first; default 1. */
  lambda?: number;
  /** Explicit per-task weights (overrides lambda). */
  taskWeights?: number[];
  /** Learn uncertainty weights s_t instead of fixed task weights. */
  uncertainty?: boolean;
  /** Truncated cross-entropy: drop rate reaches maxRate after `steps`. */
  truncation?: { maxRate: number; steps: number };
}

export interface BatchLoss {
  /** The objective value L (lower is better). */
  total: number;
  /** Per task: (1/rows) Σ_r w_r m_rt L_rt, before task weights. */
  perTask: number[];
}

export class Objective {
  /** The learned log-variances s_t, present with uncertainty weighting. */
  readonly logVars: Param | null;
  private readonly fixed: number[];
  private terms: TaskTerms = allocTerms(0);
  private mask = new Uint8Array(0);

  constructor(
    readonly tasks: number,
    readonly esmm: boolean,
    readonly options: ObjectiveOptions = {},
    dtype: DType = 'float32',
  ) {
    this.fixed = resolveTaskWeights(tasks, options);
    this.logVars = options.uncertainty
      ? denseParam('objective.logVars', [tasks], dtype)
      : null;
    const tr = options.truncation;
    if (tr && !(tr.maxRate >= 0 && tr.maxRate < 1 && tr.steps > 0)) {
      throw new UsageError(
        `truncation needs 0 <= maxRate < 1 and steps > 0, got ` +
          `${tr.maxRate} and ${tr.steps}`,
      );
    }
  }

  params(): Param[] {
    return this.logVars ? [this.logVars] : [];
  }

  /** The weight c_t currently applied to task t. */
  taskWeight(t: number): number {
    return this.logVars ? Math.exp(-this.logVars.value[t]) : this.fixed[t];
  }

  /**
   * Computes the batch objective at training step `step` and writes
   * dL/dlogits (rows x T) into `dLogits`; fills the gradient of s_t.
   */
  evaluate(
    logits: Vec,
    labels: Float32Array,
    weights: Float32Array,
    rows: number,
    step: number,
    dLogits: Vec,
  ): BatchLoss {
    const T = this.tasks;
    const n = rows * T;
    if (this.terms.loss.length < n) {
      this.terms = allocTerms(n);
      this.mask = new Uint8Array(n);
    }
    const terms = this.terms;
    taskTerms(logits, labels, rows, T, this.esmm, terms);
    this.fillMask(labels, rows, step);
    const perTask = new Array<number>(T).fill(0);
    dLogits.fill(0, 0, n);
    const c = Array.from({ length: T }, (_, t) => this.taskWeight(t));
    for (let r = 0; r < rows; r++) {
      const w = weights[r] / rows;
      for (let t = 0; t < T; t++) {
        const i = r * T + t;
        if (!this.mask[i]) continue;
        perTask[t] += w * terms.loss[i];
        dLogits[i] += c[t] * w * terms.dSelf[i];
        dLogits[r * T] += c[t] * w * terms.dClick[i];
      }
    }
    let total = 0;
    for (let t = 0; t < T; t++) total += c[t] * perTask[t];
    if (this.logVars) {
      for (let t = 0; t < T; t++) {
        total += this.logVars.value[t];
        this.logVars.grad[t] = 1 - c[t] * perTask[t];
      }
    }
    return { total, perTask };
  }

  /**
   * For the batch of the last `evaluate()`, the factor k_rt with
   * dL/dlogit_rt = k_rt · dℓ_rt/dlogit_rt outside ESMM: c_t·w_r·m_rt/rows
   * (0 where a weight or the T-CE mask removes the term). Written into
   * `out` (rows x T).
   */
  scales(weights: Float32Array, rows: number, out: Float64Array): void {
    const T = this.tasks;
    const c = Array.from({ length: T }, (_, t) => this.taskWeight(t));
    for (let r = 0; r < rows; r++) {
      const w = weights[r] / rows;
      for (let t = 0; t < T; t++) {
        const i = r * T + t;
        out[i] = this.mask[i] ? c[t] * w : 0;
      }
    }
  }

  /** The drop rate of the truncated loss at `step` (0 without it). */
  dropRate(step: number): number {
    const tr = this.options.truncation;
    if (!tr) return 0;
    return tr.maxRate * Math.min(1, step / tr.steps);
  }

  private fillMask(labels: Float32Array, rows: number, step: number): void {
    const T = this.tasks;
    this.mask.fill(1, 0, rows * T);
    const rate = this.dropRate(step);
    if (rate <= 0) return;
    for (let t = 0; t < T; t++) {
      const pos: number[] = [];
      for (let r = 0; r < rows; r++) if (labels[r * T + t] >= 0.5) pos.push(r);
      const drop = Math.floor(rate * pos.length);
      if (drop === 0) continue;
      const loss = this.terms.loss;
      pos.sort((a, b) => loss[b * T + t] - loss[a * T + t] || a - b);
      for (let k = 0; k < drop; k++) this.mask[pos[k] * T + t] = 0;
    }
  }
}

/** Per-task weights: explicit ones, or [1, λ, λ, ...]. */
export function resolveTaskWeights(
  tasks: number,
  o: ObjectiveOptions,
): number[] {
  if (o.taskWeights) {
    if (o.taskWeights.length !== tasks) {
      throw new UsageError(
        `expected ${tasks} task weights, got ${o.taskWeights.length}`,
      );
    }
    return [...o.taskWeights];
  }
  const lambda = o.lambda ?? 1;
  if (!(lambda >= 0)) {
    throw new UsageError(`lambda must be >= 0, got ${lambda}`);
  }
  return Array.from({ length: tasks }, (_, t) => (t === 0 ? 1 : lambda));
}
