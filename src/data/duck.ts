/**
 * A thin layer over DuckDB, the embedded engine for reading, cleaning,
 * joining and aggregating tables larger than memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOUBLE,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  FLOAT,
  INTEGER,
  UTINYINT,
  VARCHAR,
  type DuckDBType,
} from '@duckdb/node-api';
import { appendColumns, copyFixed } from './vectors.ts';

export interface Engine {
  conn: DuckDBConnection;
  /** A scratch folder for intermediate files, removed by the caller. */
  workDir: string;
  /** Another connection to the same database, for concurrent queries. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

/**
 * Opens an in-memory DuckDB that spills to `workDir` when needed (beyond
 * `memoryLimit`, e.g. '1GB'; DuckDB's default is most of the RAM).
 */
export async function openEngine(
  workDir: string,
  options: { threads?: number; memoryLimit?: string } = {},
): Promise<Engine> {
  const config: Record<string, string> = {
    temp_directory: workDir,
    // Keep result order stable where a query says ORDER BY; deterministic
    // output also needs insertion order preserved. A database-wide
    // setting, so every connection has it.
    preserve_insertion_order: 'true',
  };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  return {
    conn,
    workDir,
    connect: () => instance.connect(),
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Runs `work` on a DuckDB opened in a fresh temporary folder, then closes it
 * and removes the folder, whatever happens. For short reads and writes.
 */
export async function withScratchEngine<T>(
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-'));
  const engine = await openEngine(dir);
  try {
    return await work(engine);
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Quotes a string as an SQL literal. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes a name as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs a query and returns its rows as plain JS objects. */
export async function rows<T = Record<string, unknown>>(
  conn: DuckDBConnection,
  sql: string,
): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as T[];
}

/** Runs a query returning one row with one value. */
export async function scalar<T = unknown>(
  conn: DuckDBConnection,
  sql: string,
): Promise<T> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getColumnsJS()[0][0] as T;
}

export type ColumnKind = 'i32' | 'f32' | 'f64' | 'u8' | 'str';
export type TypedColumn = Int32Array | Float32Array | Float64Array | Uint8Array;

/**
 * Streams a query's result into typed arrays, one per requested column,
 * without building a JS object per row. Numeric nulls become NaN (floats)
 * or -1 (integers).
 */
export async function readColumns(
  conn: DuckDBConnection,
  sql: string,
  kinds: Record<string, ColumnKind>,
): Promise<Record<string, TypedColumn | string[]>> {
  const total = Number(
    await scalar<bigint | number>(conn, `SELECT count(*) FROM (${sql})`),
  );
  const names = Object.keys(kinds);
  const out: Record<string, TypedColumn | string[]> = {};
  for (const name of names) out[name] = allocate(kinds[name], total);
  const result = await conn.stream(
    `SELECT ${names.map(ident).join(', ')} FROM (${sql})`,
  );
  const types = names.map((_, c) => result.columnType(c));
  let offset = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    names.forEach((name, c) => {
      const target = out[name];
      const missing = kinds[name] === 'i32' || kinds[name] === 'u8' ? -1 : NaN;
      const fast =
        !Array.isArray(target) &&
        copyFixed(chunk, c, types[c], target, offset, missing);
      if (!fast) copyChunk(chunk, c, target, offset);
    });
    offset += chunk.rowCount;
  }
  return out;
}

function allocate(kind: ColumnKind, n: number): TypedColumn | string[] {
  switch (kind) {
    case 'i32':
      return new Int32Array(n);
    case 'f32':
      return new Float32Array(n);
    case 'f64':
      return new Float64Array(n);
    case 'u8':
      return new Uint8Array(n);
    case 'str':
      return new Array<string>(n);
  }
}

function copyChunk(
  chunk: DuckDBDataChunk,
  column: number,
  target: TypedColumn | string[],
  offset: number,
): void {
  const vector = chunk.getColumnVector(column);
  const n = chunk.rowCount;
  const isInt = target instanceof Int32Array || target instanceof Uint8Array;
  const missing = isInt ? -1 : NaN;
  for (let i = 0; i < n; i++) {
    const v = vector.getItem(i);
    if (Array.isArray(target)) {
      target[offset + i] = v === null ? '' : String(v);
    } else if (v === null) {
      target[offset + i] = missing;
    } else {
      target[offset + i] = typeof v === 'boolean' ? Number(v) : Number(v);
    }
  }
}

const CHUNK_ROWS = 2048;

/**
 * Creates `table` from typed columns (and string columns), appending them
 * chunk by chunk through DuckDB's appender.
 */
export async function createFromColumns(
  conn: DuckDBConnection,
  table: string,
  columns: Record<string, TypedColumn | string[]>,
): Promise<void> {
  const names = Object.keys(columns);
  const types = names.map((n) => duckType(columns[n]));
  const ddl = names
    .map((n, i) => `${ident(n)} ${types[i].toString()}`)
    .join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${ident(table)} (${ddl})`);
  const typed = names.map((n) => columns[n]);
  if (!typed.some((col) => Array.isArray(col))) {
    await appendColumns(conn, table, typed as TypedColumn[]);
    return;
  }
  const rowsTotal = names.length ? typed[0].length : 0;
  const appender = await conn.createAppender(table);
  for (let off = 0; off < rowsTotal; off += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rowsTotal - off);
    const chunk = DuckDBDataChunk.create(types, n);
    typed.forEach((col, c) => {
      const part = Array.isArray(col)
        ? col.slice(off, off + n)
        : Array.from(col.subarray(off, off + n));
      chunk.setColumnValues(c, part);
    });
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

function duckType(column: TypedColumn | string[]): DuckDBType {
  if (Array.isArray(column)) return VARCHAR;
  if (column instanceof Int32Array) return INTEGER;
  if (column instanceof Float32Array) return FLOAT;
  if (column instanceof Uint8Array) return UTINYINT;
  return DOUBLE;
}
