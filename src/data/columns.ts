/**
 * Checks that the columns a config names exist, and turns raw text values
 * into typed ones, counting every value that does not parse.
 */
import { DataError } from '../errors.ts';
import { ident, lit, rows, scalar, type Engine } from './duck.ts';
import type { QualityLog } from './quality.ts';

/** Fails with the file and the columns it has when `wanted` is missing. */
export function requireColumns(
  available: string[],
  wanted: (string | undefined)[],
  file: string,
  role: string,
): void {
  for (const name of wanted) {
    if (name === undefined || available.includes(name)) continue;
    throw new DataError(
      `no column "${name}" (named as ${role} in the config); the file has ` +
        `${available.map((c) => `"${c}"`).join(', ')}. Fix the column ` +
        'name in the config or the file header.',
      { file, column: name },
    );
  }
}

/** SQL that parses a raw value as a number (or a timestamp, in seconds). */
export function numberExpr(column: string, time = false): string {
  const raw = `trim(CAST(${ident(column)} AS VARCHAR))`;
  const num = `TRY_CAST(${raw} AS DOUBLE)`;
  if (!time) return num;
  return `coalesce(${num}, epoch(TRY_CAST(${raw} AS TIMESTAMP)))`;
}

/** SQL that reads a raw value as text, with empty strings as NULL. */
export function textExpr(column: string): string {
  return `nullif(trim(CAST(${ident(column)} AS VARCHAR)), '')`;
}

/**
 * Counts rows of `table` whose `column` holds a value that `parsed` turns
 * into NULL, and records them as unparsable. Returns the count.
 */
export async function countUnparsable(
  engine: Engine,
  table: string,
  column: string,
  parsed: string,
  quality: QualityLog,
  action: 'dropped' | 'imputed',
  file: string,
): Promise<number> {
  const bad = `${textExpr(column)} IS NOT NULL AND (${parsed}) IS NULL`;
  const count = Number(
    await scalar(
      engine.conn,
      `SELECT count(*) FROM ${ident(table)} WHERE ${bad}`,
    ),
  );
  if (count === 0) return 0;
  const examples = await rows<{ l: bigint; v: string }>(
    engine.conn,
    `SELECT __line AS l, CAST(${ident(column)} AS VARCHAR) AS v ` +
      `FROM ${ident(table)} WHERE ${bad} ORDER BY __line LIMIT 3`,
  );
  const filled = Number(
    await scalar(
      engine.conn,
      `SELECT count(*) FROM ${ident(table)} ` +
        `WHERE ${textExpr(column)} IS NOT NULL`,
    ),
  );
  if (count === filled) {
    // Not one value parses: the column is of the wrong type.
    throw new DataError(
      `expected numbers in column "${column}" but none of its ${count} ` +
        `values parses as one (e.g. ${JSON.stringify(examples[0].v)}); ` +
        'check that the config names the right column',
      { file, line: Number(examples[0].l), column },
    );
  }
  quality.add({
    table,
    reason: `unparsable value in "${column}" (expected a number)`,
    count,
    action,
    examples: examples.map(
      (e) => `${file} line ${e.l}, column ${column}: ${JSON.stringify(e.v)}`,
    ),
  });
  return count;
}

/** Deletes rows matching `where`, recording them under `reason`. */
export async function dropWhere(
  engine: Engine,
  table: string,
  where: string,
  reason: string,
  quality: QualityLog,
): Promise<number> {
  const examples = await rows<{ l: bigint }>(
    engine.conn,
    `SELECT __line AS l FROM ${ident(table)} WHERE ${where} ` +
      'ORDER BY __line LIMIT 3',
  );
  const count = Number(
    await scalar(
      engine.conn,
      `SELECT count(*) FROM ${ident(table)} WHERE ${where}`,
    ),
  );
  if (count > 0) {
    await engine.conn.run(`DELETE FROM ${ident(table)} WHERE ${where}`);
  }
  quality.add({
    table,
    reason,
    count,
    action: 'dropped',
    examples: examples.map((e) => `line ${e.l}`),
  });
  return count;
}

export { lit };
