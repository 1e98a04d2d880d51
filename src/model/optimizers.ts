/**
 * Optimizers. Adam for dense parameters; for row-sparse embedding tables
 * either lazy Adam (moments of a row move only when the row is touched, as
 * PyTorch's SparseAdam) or Adagrad. Both touch only the rows of the batch.
 */
import { UsageError } from '../errors.ts';
import { ADAGRAD, LAZY_ADAM } from './rows/kernels.ts';
import { rowPool } from './rows/pool.ts';
import { alloc, allocShared, dtypeOf, type Param, type Vec } from './tensor.ts';

export type SparseOptimizer = 'adam' | 'adagrad';

export interface OptimizerOptions {
  /** Learning rate, default 1e-3. */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Learning rate of the Adagrad tables (default 0.05). */
  adagradLr: number;
  sparse: SparseOptimizer;
}

export const DEFAULT_OPTIMIZER: OptimizerOptions = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  adagradLr: 0.05,
  sparse: 'adam',
};

/** The optimizer's state, for checkpoints. */
export interface OptimizerState {
  step: number;
  /** Per parameter: first and second moments (Adagrad: second only). */
  moments: Vec[][];
}

export class Optimizer {
  readonly options: OptimizerOptions;
  step = 0;
  private readonly moments: Vec[][];

  constructor(
    private readonly params: Param[],
    options: Partial<OptimizerOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIMIZER, ...options };
    if (!(this.options.lr > 0)) {
      throw new UsageError(`learning rate must be > 0, got ${options.lr}`);
    }
    this.moments = params.map((p) => {
      const n = p.value.length;
      const dt = dtypeOf(p.value);
      // A table's state is shared with the row pool's threads (see
      // rows/pool.ts), which update the touched rows.
      if (p.sparse && this.options.sparse === 'adagrad') {
        return [allocShared(dt, n)];
      }
      // A table's two moments share one array, a row's first moment then
      // its second side by side: the rows a batch touches are scattered,
      // and one memory region per row instead of two spares a cache miss.
      if (p.sparse) return [allocShared(dt, 2 * n).fill(0)];
      return [alloc(dt, n), alloc(dt, n)];
    });
  }

  /** Applies one update from the current gradients. */
  update(): void {
    this.step++;
    this.params.forEach((p, k) => {
      const m = this.moments[k];
      if (!p.sparse) this.adam(p.value, p.grad, m[0], m[1]);
      else if (this.options.sparse === 'adagrad') this.adagrad(p, m[0]);
      else this.lazyAdam(p, m[0]);
    });
  }

  state(): OptimizerState {
    return { step: this.step, moments: this.moments };
  }

  restore(s: OptimizerState): void {
    this.step = s.step;
    s.moments.forEach((ms, k) => {
      const own = this.moments[k];
      const separate =
        own.length === 1 &&
        ms.length === 2 &&
        own[0].length === ms[0].length + ms[1].length;
      if (separate) {
        // Separate moments of a table, as earlier versions saved them.
        const d = this.params[k].sparse!.width;
        interleaveRows(ms[0], ms[1], d, own[0]);
      } else ms.forEach((m, j) => own[j].set(m));
    });
  }

  private adam(w: Vec, g: Vec, m: Vec, v: Vec): void {
    const { lr, beta1: b1, beta2: b2, eps } = this.options;
    const c1 = 1 - b1 ** this.step;
    const c2 = Math.sqrt(1 - b2 ** this.step);
    const a = (lr * c2) / c1;
    const e = eps * c2;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i];
      const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
      const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
      w[i] -= (a * mi) / (Math.sqrt(vi) + e);
    }
  }

  /** Adam on the touched rows; `mv` holds each row's m then its v. */
  private lazyAdam(p: Param, mv: Vec): void {
    const { lr, beta1: b1, beta2: b2, eps } = this.options;
    const sp = p.sparse!;
    const c1 = 1 - b1 ** this.step;
    const c2 = Math.sqrt(1 - b2 ** this.step);
    rowPool().run({
      kind: LAZY_ADAM,
      arrays: [p.value, mv, sp.rows, sp.grad],
      ints: [sp.count, sp.width],
      floats: [(lr * c2) / c1, eps * c2, b1, b2],
    });
  }

  private adagrad(p: Param, acc: Vec): void {
    const { adagradLr: lr, eps } = this.options;
    const sp = p.sparse!;
    rowPool().run({
      kind: ADAGRAD,
      arrays: [p.value, acc, sp.rows, sp.grad],
      ints: [sp.count, sp.width],
      floats: [lr, eps],
    });
  }
}

/** Rows of width `d` of `m` and `v` into `out` as [m row, v row] pairs. */
function interleaveRows(m: Vec, v: Vec, d: number, out: Vec): void {
  for (let base = 0; base < m.length; base += d) {
    out.set(m.subarray(base, base + d), 2 * base);
    out.set(v.subarray(base, base + d), 2 * base + d);
  }
}
