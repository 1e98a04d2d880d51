/**
 * Turns the raw event table into `ev`: one typed row per behaviour event
 * with standard column names, cleaned of rows that cannot be used.
 *
 * Columns of `ev`: __line, user, item, ts (seconds or NULL), type,
 * session, query, position, split, lab_<task> (label columns), a_<name>
 * (event attributes), e_<name> (evaluation-only columns).
 */
import type { PrepareConfig } from './config.ts';
import {
  countUnparsable,
  dropWhere,
  numberExpr as parseNumber,
  requireColumns,
  textExpr,
} from './columns.ts';
import { ident, lit, rows, type Engine } from './duck.ts';
import { dropDuplicates } from './duplicates.ts';
import type { QualityLog } from './quality.ts';
import type { LoadedTable } from './read.ts';

export const EVENTS = 'ev';

export async function normaliseEvents(
  engine: Engine,
  config: PrepareConfig,
  raw: LoadedTable,
  quality: QualityLog,
): Promise<void> {
  const ev = config.events;
  const file = raw.files.join(', ');
  const labelCols = config.tasks.flatMap((t) => (t.column ? [t.column] : []));
  const attrs = ev.attributes ?? { categorical: [], numeric: [] };
  requireColumns(raw.columns, [ev.user, ev.item], file, 'user/item id');
  requireColumns(
    raw.columns,
    [ev.time, ev.type, ev.session, ev.query, ev.position, ev.split],
    file,
    'an event column',
  );
  requireColumns(raw.columns, labelCols, file, 'a task label column');
  requireColumns(raw.columns, ev.evaluation, file, 'an evaluation column');
  requireColumns(
    raw.columns,
    [...attrs.categorical, ...attrs.numeric],
    file,
    'an event attribute',
  );

  const t = raw.table;
  await dropDuplicates(engine, t, quality, raw.digests);
  const typed = new Set(raw.numeric);
  const numberExpr = (c: string, time = false) =>
    typed.has(c) ? ident(c) : parseNumber(c, time);
  const required: string[] = [];
  const check = async (col: string, expr: string, drop: boolean) => {
    const action = drop ? 'dropped' : 'imputed';
    if (typed.has(col)) {
      // Read as numbers: every non-empty value parsed.
      if (drop) required.push(`${ident(col)} IS NOT NULL`);
      return;
    }
    await countUnparsable(engine, t, col, expr, quality, action, file);
    if (drop) required.push(`(${expr}) IS NOT NULL`);
  };
  if (ev.time) await check(ev.time, numberExpr(ev.time, true), true);
  if (ev.position) await check(ev.position, numberExpr(ev.position), false);
  for (const c of labelCols) await check(c, numberExpr(c), true);
  for (const c of attrs.numeric) await check(c, numberExpr(c), false);
  for (const c of ev.evaluation) await check(c, numberExpr(c), false);

  const select = [
    '__line',
    `${textExpr(ev.user)} AS "user"`,
    `${textExpr(ev.item)} AS item`,
    `${ev.time ? numberExpr(ev.time, true) : 'NULL::DOUBLE'} AS ts`,
    `${ev.type ? `lower(${textExpr(ev.type)})` : 'NULL::VARCHAR'} AS type`,
    `${ev.session ? `coalesce(${textExpr(ev.session)}, '')` : "''"} AS session`,
    `${ev.query ? `coalesce(${textExpr(ev.query)}, '')` : "''"} AS query`,
    `${ev.position ? numberExpr(ev.position) : 'NULL::DOUBLE'} AS position`,
    `${ev.split ? `lower(${textExpr(ev.split)})` : 'NULL::VARCHAR'} AS split`,
    ...labelCols.map((c) => `${numberExpr(c)} AS ${ident(`lab_${c}`)}`),
    ...attrs.categorical.map((c) => `${textExpr(c)} AS ${ident(`a_${c}`)}`),
    ...attrs.numeric.map((c) => `${numberExpr(c)} AS ${ident(`a_${c}`)}`),
    ...ev.evaluation.map((c) => `${numberExpr(c)} AS ${ident(`e_${c}`)}`),
  ];
  const where = required.length ? `WHERE ${required.join(' AND ')}` : '';
  await engine.conn.run(
    `CREATE OR REPLACE TABLE ${EVENTS} AS SELECT ${select.join(', ')} ` +
      `FROM ${ident(t)} ${where}`,
  );
  await engine.conn.run(`DROP TABLE ${ident(t)}`);

  await dropWhere(
    engine,
    EVENTS,
    '"user" IS NULL OR item IS NULL',
    'missing user or item id',
    quality,
  );
  await dropUnknownTypes(engine, config, quality);
}

/**
 * The event columns only ever read as numbers (time, position, labels,
 * numeric attributes, evaluation columns), which can be typed as the file
 * is read.
 */
export function numericEventColumns(config: PrepareConfig): string[] {
  const ev = config.events;
  const attrs = ev.attributes ?? { categorical: [], numeric: [] };
  const text = new Set(
    [ev.user, ev.item, ev.type, ev.session, ev.query, ev.split]
      .concat(attrs.categorical)
      .filter((c) => c !== undefined),
  );
  const numbers = [
    ev.time,
    ev.position,
    ...config.tasks.map((t) => t.column),
    ...attrs.numeric,
    ...ev.evaluation,
  ];
  return [...new Set(numbers)].filter(
    (c): c is string => c !== undefined && !text.has(c),
  );
}

async function dropUnknownTypes(
  engine: Engine,
  config: PrepareConfig,
  quality: QualityLog,
): Promise<void> {
  if (!config.events.type) return;
  const known = new Set<string>(
    config.tasks.flatMap((t) => (t.types ?? []).map((x) => x.toLowerCase())),
  );
  if (config.impressionType) known.add(config.impressionType.toLowerCase());
  const list = [...known].map(lit).join(', ');
  const unknown = await rows<{ type: string | null; n: bigint }>(
    engine.conn,
    `SELECT type, count(*) AS n FROM ${EVENTS} ` +
      `WHERE type IS NULL OR type NOT IN (${list}) GROUP BY type ORDER BY n DESC`,
  );
  if (unknown.length === 0) return;
  const names = unknown
    .slice(0, 5)
    .map((u) => `${JSON.stringify(u.type)} (${u.n})`)
    .join(', ');
  await dropWhere(
    engine,
    EVENTS,
    `type IS NULL OR type NOT IN (${list})`,
    `behaviour type not used by any task: ${names}`,
    quality,
  );
}
