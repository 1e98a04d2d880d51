/**
 * From events to samples: one row per exposure (user, item and, where the
 * log has them, session), with a 0/1 label per task.
 *
 * With behaviour types, a task is positive when any event of the exposure
 * has one of the task's types; with label columns, every event row is a
 * sample. `ts` is the exposure's first event, `ets` the time of its first
 * engagement (NULL when none): past-only features count an engagement only
 * for samples that come strictly after it.
 */
import type { PrepareConfig } from './config.ts';
import { ident, lit, type Engine } from './duck.ts';

export const OBSERVED = 'obs';

/**
 * Enum types of the user, item and session keys: their values are the
 * distinct keys in ascending order, so a key's enum code is its dense
 * index (0 = the smallest key).
 */
export const KEY_TYPES = {
  user: '__user_t',
  item: '__item_t',
  session: '__session_t',
} as const;

export function taskColumn(name: string): string {
  return `y_${name}`;
}

export async function buildSamples(
  engine: Engine,
  config: PrepareConfig,
): Promise<void> {
  const fromTypes = config.tasks.every((t) => t.types);
  for (const [col, type] of Object.entries(KEY_TYPES)) {
    await engine.conn.run(
      `CREATE TYPE ${type} AS ENUM ` +
        `(SELECT DISTINCT ${ident(col)} FROM ev ORDER BY 1)`,
    );
  }
  const sql = fromTypes ? groupedSql(config) : perRowSql(config);
  await engine.conn.run(`CREATE OR REPLACE TABLE ${OBSERVED} AS ${sql}`);
}

/** The events with their keys as enums (grouping small integers). */
const KEYED =
  '(SELECT * REPLACE ("user"::__user_t AS "user", ' +
  'item::__item_t AS item, session::__session_t AS session) FROM ev)';

function carried(config: PrepareConfig, agg: (c: string) => string): string[] {
  const attrs = config.events.attributes;
  const names = [...(attrs?.categorical ?? []), ...(attrs?.numeric ?? [])].map(
    (c) => `a_${c}`,
  );
  const evals = config.events.evaluation.map((c) => `e_${c}`);
  return [...names, ...evals].map((c) => `${agg(ident(c))} AS ${ident(c)}`);
}

function groupedSql(config: PrepareConfig): string {
  const imp = config.impressionType?.toLowerCase();
  const engaged = imp ? `type <> ${lit(imp)}` : 'true';
  const labels = config.tasks.map((t) => {
    const types = (t.types ?? []).map((x) => lit(x.toLowerCase())).join(', ');
    return (
      `max(CASE WHEN type IN (${types}) THEN 1 ELSE 0 END)::UTINYINT ` +
      `AS ${ident(taskColumn(t.name))}`
    );
  });
  const first = (c: string) => `arg_min(${c}, __line)`;
  return (
    'SELECT "user", item, session, min(ts) AS ts, ' +
    `min(CASE WHEN ${engaged} THEN ts END) AS ets, ` +
    `bool_or(${engaged}) AS engaged, ` +
    `min(position) AS position, min(position) AS a_position, ` +
    `${first('query')} AS query, ` +
    `${first('split')} AS split, min(__line) AS __line, ` +
    [...labels, ...carried(config, first)].join(', ') +
    ` FROM ${KEYED} GROUP BY "user", item, session`
  );
}

function perRowSql(config: PrepareConfig): string {
  const labels = config.tasks.map((t) => {
    const src = t.column ? ident(`lab_${t.column}`) : 'NULL::DOUBLE';
    const cut = t.threshold ?? 0.5;
    return `(${src} >= ${cut})::UTINYINT AS ${ident(taskColumn(t.name))}`;
  });
  const main = config.tasks[0];
  const mainCol = main.column ? ident(`lab_${main.column}`) : 'NULL';
  const cut = main.threshold ?? 0.5;
  return (
    'SELECT "user", item, session, ts, ' +
    `CASE WHEN ${mainCol} >= ${cut} THEN ts END AS ets, ` +
    `${mainCol} >= ${cut} AS engaged, position, position AS a_position, ` +
    'query, split, __line, ' +
    [...labels, ...carried(config, (c) => c)].join(', ') +
    ` FROM ${KEYED}`
  );
}
