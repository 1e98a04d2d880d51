/**
 * Removal of exact duplicate event rows (all raw columns equal but the
 * line), keeping the first. Candidates come from the line digests the CSV
 * guard took, or else from hashing the table; the duplicates among the
 * candidates are confirmed by comparing all values, and deleted in place,
 * so the table keeps its order.
 */
import { dropWhere } from './columns.ts';
import { ident, rows, type Engine } from './duck.ts';
import { candidateLines, type LineDigest } from './line-digest.ts';
import type { QualityLog } from './quality.ts';
import { appendColumns } from './vectors.ts';

export async function dropDuplicates(
  engine: Engine,
  table: string,
  quality: QualityLog,
  digests?: LineDigest[],
): Promise<void> {
  const columns = await rows<{ column_name: string }>(
    engine.conn,
    `DESCRIBE ${ident(table)}`,
  );
  const key = columns
    .map((c) => c.column_name)
    .filter((c) => c !== '__line')
    .map(ident)
    .join(', ');
  const t = ident(table);
  const candidates = digests
    ? await uploadCandidates(engine, digests)
    : `hash(${key}) IN (SELECT h FROM (SELECT hash(${key}) AS h FROM ${t}) ` +
      'GROUP BY h HAVING count(*) > 1)';
  await engine.conn.run(
    `CREATE OR REPLACE TEMP TABLE __dups AS SELECT __line FROM (` +
      `SELECT __line, row_number() OVER (PARTITION BY ${key} ` +
      `ORDER BY __line) AS __dup FROM ${t} WHERE ${candidates}) ` +
      'WHERE __dup > 1',
  );
  await dropWhere(
    engine,
    table,
    '__line IN (SELECT __line FROM __dups)',
    'duplicate event',
    quality,
  );
  await engine.conn.run('DROP TABLE __dups');
  if (digests) await engine.conn.run('DROP TABLE __candidates');
}

/** Loads the candidate lines into a table; returns the filter on them. */
async function uploadCandidates(
  engine: Engine,
  digests: LineDigest[],
): Promise<string> {
  await engine.conn.run(
    'CREATE OR REPLACE TEMP TABLE __candidates (line DOUBLE)',
  );
  await appendColumns(engine.conn, '__candidates', [candidateLines(digests)]);
  return '__line IN (SELECT line::BIGINT FROM __candidates)';
}
