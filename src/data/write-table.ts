/**
 * Writes a table of typed columns as CSV or Parquet (by the file's
 * extension) through DuckDB, to a temporary name renamed when complete.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import {
  createFromColumns,
  ident,
  lit,
  openEngine,
  type TypedColumn,
} from './duck.ts';

export async function writeTable(
  file: string,
  columns: Record<string, TypedColumn | readonly string[]>,
): Promise<void> {
  const format = file.endsWith('.parquet')
    ? 'parquet'
    : file.endsWith('.csv')
      ? 'csv'
      : null;
  if (!format) {
    throw new UsageError(`${file}: the output must end in .csv or .parquet`);
  }
  const work = mkdtempSync(join(dirname(file), `.${basename(file)}.work-`));
  const tmp = join(work, `out.${format}`);
  const engine = await openEngine(work);
  try {
    const cols = Object.fromEntries(
      Object.entries(columns).map(([k, v]) => [
        k,
        Array.isArray(v) ? [...v] : v,
      ]),
    ) as Record<string, TypedColumn | string[]>;
    await createFromColumns(engine.conn, 'out_table', cols);
    const options =
      format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'HEADER';
    await engine.conn.run(
      `COPY (SELECT ${Object.keys(columns).map(ident).join(', ')} ` +
        `FROM out_table) TO ${lit(tmp)} (${options})`,
    );
    renameSync(tmp, file);
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}
