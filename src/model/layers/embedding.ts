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
import {
  alloc,
  dtypeOf,
  Scratch,
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
  private cat: Int32Array = new Int32Array(0);
  /** slot + 1 of each table row in the current gradient, 0 when untouched. */
  private readonly slotOf: Int32Array;

  constructor(
    readonly vocabs: readonly number[],
    readonly dim: number,
    readonly nDense: number,
    dtype: DType,
    rng: Rng,
  ) {
    this.offsets = new Int32Array(vocabs.length);
    let total = 0;
    vocabs.forEach((v, f) => {
      this.offsets[f] = total;
      total += v;
    });
    const value = alloc(dtype, total * dim);
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
    this.slotOf = new Int32Array(total);
    this.outDim = vocabs.length * dim + nDense;
    this.out = new Scratch(dtype);
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

  /**
   * rows x outDim: the looked-up rows followed by the dense features. The
   * loops run field by field so each pass stays within one field's table.
   */
  forward(cat: Int32Array, dense: Float32Array, rows: number): Vec {
    const { dim, nDense, outDim, fields: F } = this;
    const T = this.table.value;
    const y = this.out.get(rows * outDim);
    this.cat = cat;
    for (let f = 0; f < F; f++) {
      const base = this.offsets[f];
      for (let r = 0, o = f * dim; r < rows; r++, o += outDim) {
        const src = (base + cat[r * F + f]) * dim;
        for (let j = 0; j < dim; j++) y[o + j] = T[src + j];
      }
    }
    const at = F * dim;
    for (let r = 0; r < rows; r++) {
      const o = r * outDim + at;
      for (let j = 0; j < nDense; j++) y[o + j] = dense[r * nDense + j];
    }
    return y;
  }

  /** Gathers dL/dy (rows x outDim) into the sparse gradient of the table. */
  backward(dy: Vec, rows: number): void {
    const { dim, outDim, fields: F } = this;
    const sp = this.table.sparse!;
    const max = rows * F;
    if (sp.rows.length < max) {
      sp.rows = new Int32Array(max);
      sp.grad = alloc(dtypeOf(sp.grad), max * dim);
    }
    let count = 0;
    const G = sp.grad;
    for (let f = 0; f < F; f++) {
      const base = this.offsets[f];
      for (let r = 0, o = f * dim; r < rows; r++, o += outDim) {
        const row = base + this.cat[r * F + f];
        let slot = this.slotOf[row] - 1;
        if (slot < 0) {
          slot = count++;
          this.slotOf[row] = slot + 1;
          sp.rows[slot] = row;
          G.fill(0, slot * dim, slot * dim + dim);
        }
        const g = slot * dim;
        for (let j = 0; j < dim; j++) G[g + j] += dy[o + j];
      }
    }
    for (let s = 0; s < count; s++) this.slotOf[sp.rows[s]] = 0;
    sp.count = count;
  }
}
