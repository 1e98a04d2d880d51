/**
 * Turns a CSV table written by the generator into Parquet with DuckDB, with
 * explicit column types so that the schema does not depend on the data.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** Column name to DuckDB type, in file order. */
export type ColumnTypes = Record<string, string>;

export const EVENT_TYPES: ColumnTypes = {
  event_id: 'BIGINT',
  ts: 'BIGINT',
  user_id: 'VARCHAR',
  session_id: 'VARCHAR',
  query: 'VARCHAR',
  item_id: 'VARCHAR',
  position: 'INTEGER',
  event_type: 'VARCHAR',
  dwell: 'DOUBLE',
};

export const ITEM_TYPES: ColumnTypes = {
  item_id: 'VARCHAR',
  category: 'VARCHAR',
  brand: 'VARCHAR',
  price: 'DOUBLE',
  title: 'VARCHAR',
};

export const USER_TYPES: ColumnTypes = {
  user_id: 'VARCHAR',
  age_band: 'VARCHAR',
  city_tier: 'INTEGER',
  signup_ts: 'BIGINT',
};

/** Columns where an empty CSV field means an empty string, not missing. */
const EMPTY_IS_TEXT = new Set(['query']);

/**
 * Converts `csvPath` to `parquetPath`. One thread, so that the same CSV
 * gives the same Parquet bytes.
 */
export async function csvToParquet(
  csvPath: string,
  parquetPath: string,
  types: ColumnTypes,
): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    await conn.run(copySql(csvPath, parquetPath, types));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

function copySql(csv: string, parquet: string, types: ColumnTypes): string {
  const columns = Object.entries(types)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
  const select = Object.keys(types)
    .map((name) =>
      EMPTY_IS_TEXT.has(name) ? `coalesce(${name}, '') AS ${name}` : name,
    )
    .join(', ');
  const source =
    `read_csv(${quote(csv)}, header = true, auto_detect = false, ` +
    `delim = ',', quote = '', escape = '', columns = {${columns}})`;
  return (
    `COPY (SELECT ${select} FROM ${source}) ` +
    `TO ${quote(parquet)} (FORMAT parquet, COMPRESSION zstd)`
  );
}

function quote(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
