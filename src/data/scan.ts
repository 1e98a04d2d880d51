/**
 * Typed columns held in JS, offered to DuckDB as a table function: a query
 * reads them chunk by chunk (e.g. `COPY (SELECT ... FROM f(0)) TO ...`),
 * so large outputs are written without first building a DuckDB table.
 */
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBTableFunction,
  DuckDBTypeId,
  INTEGER,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { LazyColumn } from '../features/lazy.ts';
import {
  scratchFor,
  VECTOR_ROWS,
  writeVector,
  type NumericColumn,
  type Raw,
} from './vectors.ts';

/** One column of a scan: its name, DuckDB type and per-row values. */
export interface ScanColumn {
  name: string;
  /**
   * A fixed-width type that matches the values' array (INTEGER: Int32Array,
   * FLOAT: Float32Array, DOUBLE: Float64Array, UTINYINT: Uint8Array), or an
   * enum whose codes are given as Int32Array (-1 for NULL).
   */
  type: DuckDBType;
  values: NumericColumn | LazyColumn;
}

/**
 * Registers the table function `name(part INTEGER)` on `conn`. It yields
 * the rows `rowsOf(part)` (indices into the columns, in that order) of
 * `columns`, from a single thread so the order is kept.
 */
export function registerScan(
  conn: DuckDBConnection,
  name: string,
  columns: ScanColumn[],
  rowsOf: (part: number) => Int32Array,
): void {
  // Every query binds the function anew, and node-api builds each
  // column's native type from its DuckDBType there; an enum's holds all
  // its values (a million sessions take a third of a second), so each
  // enum's is built once here and handed out again.
  for (const c of columns) {
    if (c.type.typeId !== DuckDBTypeId.ENUM) continue;
    const logical = c.type.toLogicalType();
    c.type.toLogicalType = () => logical;
  }
  const fn = DuckDBTableFunction.create({
    name,
    parameterTypes: [INTEGER],
    bindFunction: (bind) => {
      for (const c of columns) bind.addResultColumn(c.name, c.type);
      const part = Number(bind.getParameter(0));
      bind.setBindData({ part });
    },
    initFunction: (init) => {
      const { part } = init.getBindData() as { part: number };
      init.setInitData(new ScanState(columns, rowsOf(part)));
      init.setMaxThreads(1);
    },
    mainFunction: (info, output) => {
      try {
        const state = info.getInitData() as ScanState;
        output.rowCount = state.next(output.chunk);
      } catch (error) {
        info.setError(error instanceof Error ? error.message : String(error));
      }
    },
  });
  conn.registerTableFunction(fn);
}

/** Where a scan is, with a buffer per column for one chunk's values. */
class ScanState {
  private at = 0;
  private readonly buffers: NumericColumn[];
  private readonly narrow: (Raw | null)[];

  constructor(
    private readonly columns: ScanColumn[],
    private readonly rows: Int32Array,
  ) {
    this.buffers = columns.map((c) => bufferFor(c.values));
    this.narrow = columns.map((c) => scratchFor(c.type));
  }

  /** Writes the next chunk's rows into `chunk`; returns their count. */
  next(chunk: duckdb.DataChunk): number {
    const n = Math.min(VECTOR_ROWS, this.rows.length - this.at);
    if (n <= 0) return 0;
    const rows = this.rows.subarray(this.at, this.at + n);
    this.at += n;
    this.columns.forEach((c, k) => {
      const part = this.buffers[k].subarray(0, n);
      gather(c.values, rows, part);
      const vector = duckdb.data_chunk_get_vector(chunk, k);
      writeVector(vector, part, c.type, this.narrow[k]);
    });
    return n;
  }
}

function gather(
  values: NumericColumn | LazyColumn,
  rows: Int32Array,
  out: NumericColumn,
): void {
  if ('kind' in values) {
    values.gather(out as Int32Array | Float32Array, rows);
    return;
  }
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
}

function bufferFor(values: NumericColumn | LazyColumn): NumericColumn {
  if ('kind' in values) {
    return values.kind === 'i32'
      ? new Int32Array(VECTOR_ROWS)
      : new Float32Array(VECTOR_ROWS);
  }
  const Ctor = values.constructor as new (n: number) => NumericColumn;
  return new Ctor(VECTOR_ROWS);
}
