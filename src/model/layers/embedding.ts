/**
 * Per-field embedding tables, stored as one table with a row offset per
 * field, followed by the dense features: the model's input vector
 * [e_1(id_1), ..., e_F(id_F), dense] of width F·dim + nDense.
 *
 * The gradient is row-sparse: only the rows a batch touched get one, which
 * is what lets lazy Adam and Adagrad train tables of millions of rows.
 */
import { DataError } from '../../errors.ts';
import type { Rng } from '../../util/rng.ts';
import { GATHER, packSlots, SCATTER } from '../rows/kernels.ts';
import { rowPool } from '../rows/pool.ts';
import {
  alloc,
  allocShared,
  dtypeOf,
  Scratch,
  sharedInts,
  type DType,
  type Param,
  type Vec,
} from '../tensor.ts';

/** Initial table values are uniform in ±EMBEDDING_INIT. */
export const EMBEDDING_INIT = 0.05;

export class Embedding {
  readonly table: Param;
  readonly outDim: number;
  readonly offsets: Int32Array;
  private readonly out: Scratch;
  /** The batch's ids, kept from `forward` for `backward`. */
  private cat: Int32Array = sharedInts(0);
  /** dL/dy where the caller's array is not shared with the row pool. */
  private readonly dy: Scratch;
  /** slot + 1 of each table row in the current gradient, 0 when untouched. */
  private readonly slotOf: Int32Array;
  /** Touched rows per field in the current gradient. */
  private readonly fieldCounts: Int32Array;

  constructor(
    readonly vocabs: readonly number[],
    readonly dim: number,
    readonly nDense: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.offsets = sharedInts(vocabs.length);
    let total = 0;
    vocabs.forEach((v, f) => {
      this.offsets[f] = total;
      total += v;
    });
    // Tables and batch buffers are shared so the row pool's threads can
    // work on them (see rows/pool.ts).
    const value = allocShared(dtype, total * dim);
    for (let i = 0; i < value.length; i++) {
      value[i] = (2 * rng.next() - 1) * EMBEDDING_INIT;
    }
    this.table = {
      name: 'embedding.table',
      shape: [total, dim],
      value,
      grad: alloc(dtype, 0),
      sparse: {
        width: dim,
        rows: new Int32Array(0),
        count: 0,
        grad: alloc(dtype, 0),
      },
    };
    this.slotOf = sharedInts(total);
    this.fieldCounts = sharedInts(vocabs.length);
    this.outDim = vocabs.length * dim + nDense;
    this.out = new Scratch(dtype, true);
    this.dy = new Scratch(dtype, true);
  }

  get fields(): number {
    return this.vocabs.length;
  }

  /** Checks every id is in [0, vocab) of its field. */
  validate(cat: Int32Array, rows: number): void {
    const F = this.fields;
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < F; f++) {
        const id = cat[r * F + f];
        if (id >= 0 && id < this.vocabs[f]) continue;
        throw new DataError(
          `categorical id ${id} of field ${f} is outside [0, ` +
            `${this.vocabs[f]}); the data does not match the model's ` +
            'vocabularies (prepare it with the same manifest)',
          { line: r + 1, column: f + 1 },
        );
      }
    }
  }

  /** rows x outDim: the looked-up rows followed by the dense features. */
  forward(cat: Int32Array, dense: Float32Array, rows: number): Vec {
    const { dim, nDense, outDim, fields: F } = this;
    const y = this.out.get(rows * outDim);
    if (this.cat.length < rows * F) this.cat = sharedInts(rows * F);
    this.cat.set(cat.subarray(0, rows * F));
    rowPool().run({
      kind: GATHER,
      arrays: [this.table.value, this.cat, y, this.offsets],
      ints: [rows, F, dim, outDim],
      floats: [],
    });
    const at = F * dim;
    for (let r = 0; r < rows; r++) {
      const o = r * outDim + at;
      for (let j = 0; j < nDense; j++) y[o + j] = dense[r * nDense + j];
    }
    return y;
  }

  /**
   * Gathers dL/dy (rows x outDim) into the sparse gradient of the table:
   * one slot per touched row, field by field in order of first touch.
   */
  backward(dy: Vec, rows: number): void {
    const { dim, outDim, fields: F } = this;
    const sp = this.table.sparse!;
    const max = rows * F;
    if (sp.rows.length < max) {
      sp.rows = sharedInts(max);
      sp.grad = allocShared(dtypeOf(sp.grad), max * dim);
    }
    let d = dy;
    if (rowPool().parallel && !(dy.buffer instanceof SharedArrayBuffer)) {
      d = this.dy.get(rows * outDim);
      d.set(dy.subarray(0, rows * outDim));
    }
    rowPool().run({
      kind: SCATTER,
      arrays: [
        d,
        this.cat,
        this.offsets,
        this.slotOf,
        sp.rows,
        sp.grad,
        this.fieldCounts,
      ],
      ints: [rows, F, dim, outDim],
      floats: [],
    });
    sp.count = packSlots(sp.rows, sp.grad, this.fieldCounts, rows, F, dim);
  }
}
