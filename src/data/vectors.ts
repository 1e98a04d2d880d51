/**
 * Bulk copies between typed arrays and DuckDB data chunks: whole vectors
 * are copied as bytes instead of value by value, which is what makes
 * moving tens of millions of rows between JS and DuckDB affordable.
 */
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBDataChunk,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { LazyColumn } from '../features/lazy.ts';

export type NumericColumn =
  Int32Array | Float32Array | Float64Array | Uint8Array;

/** Rows per DuckDB vector (2048 in current builds). */
export const VECTOR_ROWS: number = duckdb.vector_size();

export type Raw = Uint8Array | Uint16Array | Uint32Array | NumericColumn;

/** Bytes per value of a numeric or enum column type, 0 for others. */
export function fixedWidth(type: DuckDBType): number {
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.FLOAT:
      return 4;
    case DuckDBTypeId.DOUBLE:
      return 8;
    case DuckDBTypeId.USMALLINT:
      return 2;
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.BOOLEAN:
      return 1;
    case DuckDBTypeId.ENUM:
      return enumWidth(type);
    default:
      return 0;
  }
}

function enumWidth(type: DuckDBType): number {
  const internal = (type as unknown as { internalTypeId: DuckDBTypeId })
    .internalTypeId;
  if (internal === DuckDBTypeId.UTINYINT) return 1;
  if (internal === DuckDBTypeId.USMALLINT) return 2;
  return 4;
}

/**
 * Appends typed columns to the existing `table` whose columns have exactly
 * these types in this order. Enum columns take Int32Array codes (index into
 * the enum's values, -1 for NULL).
 */
export async function appendColumns(
  conn: DuckDBConnection,
  table: string,
  columns: (NumericColumn | LazyColumn)[],
): Promise<void> {
  const appender = await conn.createAppender(table);
  const types = columns.map((_, c) => appender.columnType(c));
  const rowsTotal = columns.length ? columns[0].length : 0;
  const scratch = types.map((t) => scratchFor(t));
  const made = columns.map((col) => (isLazy(col) ? lazyScratch(col) : null));
  // Built once: an enum's logical type holds all its values.
  const logical = types.map((t) => t.toLogicalType().logical_type);
  for (let off = 0; off < rowsTotal; off += VECTOR_ROWS) {
    const n = Math.min(VECTOR_ROWS, rowsTotal - off);
    const chunk = new DuckDBDataChunk(duckdb.create_data_chunk(logical));
    chunk.rowCount = n;
    columns.forEach((col, c) => {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
      let part: NumericColumn;
      if (isLazy(col)) {
        part = made[c]!.subarray(0, n);
        col.fill(part as Int32Array | Float32Array, off);
      } else {
        part = col.subarray(off, off + n);
      }
      writeVector(vector, part, types[c], scratch[c]);
    });
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

function isLazy(col: NumericColumn | LazyColumn): col is LazyColumn {
  return 'kind' in col;
}

function lazyScratch(col: LazyColumn): Int32Array | Float32Array {
  return col.kind === 'i32'
    ? new Int32Array(VECTOR_ROWS)
    : new Float32Array(VECTOR_ROWS);
}

/** A buffer for values stored narrower than given (enums, small ints). */
export function scratchFor(type: DuckDBType): Raw | null {
  const narrow =
    type.typeId === DuckDBTypeId.UTINYINT ||
    type.typeId === DuckDBTypeId.USMALLINT;
  if (type.typeId !== DuckDBTypeId.ENUM && !narrow) return null;
  const w = fixedWidth(type);
  const Ctor = w === 1 ? Uint8Array : w === 2 ? Uint16Array : Uint32Array;
  return new Ctor(VECTOR_ROWS);
}

/**
 * Copies `part` into a DuckDB vector of `type`, through `scratch` (see
 * scratchFor) when the type is narrower or an enum; negative codes of
 * enums and narrow integers become NULL.
 */
export function writeVector(
  vector: duckdb.Vector,
  part: NumericColumn,
  type: DuckDBType,
  scratch: Raw | null,
): void {
  let data: Raw = part;
  let nulls = false;
  const isEnum = type.typeId === DuckDBTypeId.ENUM;
  if (
    scratch &&
    (isEnum || part.BYTES_PER_ELEMENT !== scratch.BYTES_PER_ELEMENT)
  ) {
    const codes = scratch.subarray(0, part.length);
    const max = 2 ** (8 * scratch.BYTES_PER_ELEMENT) - 1;
    for (let i = 0; i < part.length; i++) {
      const v = part[i];
      if (v < 0) nulls = true;
      else if (v > max) throw new Error(`${v} does not fit ${type.toString()}`);
      codes[i] = v < 0 ? 0 : v;
    }
    data = codes;
  }
  if (data.byteLength !== part.length * fixedWidth(type)) {
    throw new Error(`column of ${type.toString()} got the wrong array type`);
  }
  duckdb.copy_data_to_vector(
    vector,
    0,
    data.buffer as ArrayBuffer,
    data.byteOffset,
    data.byteLength,
  );
  if (nulls) markNulls(vector, part);
}

function markNulls(vector: duckdb.Vector, codes: NumericColumn): void {
  const mask = new Uint8Array(8 * Math.ceil(VECTOR_ROWS / 64)).fill(255);
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0) mask[i >> 3] &= ~(1 << (i & 7));
  }
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.length);
}

/**
 * Copies column `c` of a result chunk into `target` from `offset`, when the
 * column's type stores values exactly as `target` does; returns false
 * (copying nothing) otherwise. NULLs become `missing`.
 */
export function copyFixed(
  chunk: DuckDBDataChunk,
  c: number,
  type: DuckDBType,
  target: NumericColumn,
  offset: number,
  missing: number,
): boolean {
  if (!sameLayout(type, target)) return false;
  const n = chunk.rowCount;
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
  const bytes = duckdb.vector_get_data(vector, n * target.BYTES_PER_ELEMENT);
  const view = new Uint8Array(
    target.buffer,
    target.byteOffset + offset * target.BYTES_PER_ELEMENT,
    n * target.BYTES_PER_ELEMENT,
  );
  view.set(bytes);
  const validity = duckdb.vector_get_validity(vector, 8 * Math.ceil(n / 64));
  if (!validity || validity.length === 0) return true;
  for (let i = 0; i < n; i++) {
    if (!(validity[i >> 3] & (1 << (i & 7)))) target[offset + i] = missing;
  }
  return true;
}

function sameLayout(type: DuckDBType, target: NumericColumn): boolean {
  switch (type.typeId) {
    case DuckDBTypeId.INTEGER:
      return target instanceof Int32Array;
    case DuckDBTypeId.FLOAT:
      return target instanceof Float32Array;
    case DuckDBTypeId.DOUBLE:
      return target instanceof Float64Array;
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.BOOLEAN:
      return target instanceof Uint8Array;
    default:
      return false;
  }
}
