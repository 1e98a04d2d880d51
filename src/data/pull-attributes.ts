/**
 * Attribute columns pulled from DuckDB as typed arrays, by owner: per item,
 * per user (by their key codes) and per observed sample.
 */
import type { PrepareConfig } from './config.ts';
import { ident, readColumns, rows, type Engine } from './duck.ts';
import { KEY_TYPES, OBSERVED } from './samples.ts';
import type { IndexedColumn } from './assemble.ts';

/** Attribute columns by owner: per item, per user, per observed row. */
export interface AttributeColumns {
  item: AttrColumn[];
  user: AttrColumn[];
  event: AttrColumn[];
}

export type AttrColumn =
  | (IndexedColumn & { kind: 'categorical' })
  | { name: string; kind: 'numeric'; numbers: Float64Array }
  | (IndexedColumn & { kind: 'text' });

export async function pullAttributes(
  engine: Engine,
  config: PrepareConfig,
  nUsers: number,
  nItems: number,
): Promise<AttributeColumns> {
  const ev = config.events.attributes ?? { categorical: [], numeric: [] };
  const it = config.items?.attributes;
  const us = config.users?.attributes;
  // Each key (by its code) with its row of the attribute table, if any.
  const joined = (type: string, table: string) =>
    `SELECT o.k, a.* FROM (SELECT unnest(range(len(r)))::INTEGER AS k, ` +
    `unnest(r)::VARCHAR AS __key FROM ` +
    `(SELECT enum_range(NULL::${type}) AS r)) o ` +
    `LEFT JOIN ${table} a ON o.__key = a."key"`;
  const eventAttrs = {
    categorical: ev.categorical,
    numeric: [...ev.numeric, ...(config.events.position ? ['position'] : [])],
    text: config.events.query ? 'query' : undefined,
  };
  const byItem = config.items ? joined(KEY_TYPES.item, 'items') : '';
  const byUser = config.users ? joined(KEY_TYPES.user, 'users') : '';
  return {
    item: it ? await pullTable(engine, byItem, it, nItems) : [],
    user: us ? await pullTable(engine, byUser, us, nUsers) : [],
    event: await pullTable(engine, eventSql(eventAttrs), eventAttrs, -1),
  };
}

/** The observed rows' attribute columns, keyed by row. */
function eventSql(attrs: { categorical: string[]; numeric: string[] }) {
  const cols = [...attrs.categorical, ...attrs.numeric].map((c) =>
    ident(`a_${c}`),
  );
  return `SELECT ${['rowid::INTEGER AS k', ...cols, 'query'].join(', ')} FROM ${OBSERVED}`;
}

async function pullTable(
  engine: Engine,
  sql: string,
  attrs: { categorical: string[]; numeric: string[]; text?: string },
  size: number,
): Promise<AttrColumn[]> {
  const out: AttrColumn[] = [];
  const c = engine.conn;
  await c.run(`CREATE OR REPLACE TEMP TABLE __attr AS ${sql}`);
  const n =
    size >= 0
      ? size
      : Number(
          (await rows<{ n: bigint }>(c, 'SELECT count(*) n FROM __attr'))[0].n,
        );
  for (const name of attrs.categorical) {
    const col = ident(`a_${name}`);
    const { values, codes } = await textCodes(
      c,
      `CAST(${col} AS VARCHAR)`,
      `${col} IS NOT NULL`,
    );
    out.push({
      name,
      kind: 'categorical',
      index: scatter(codes.k, codes.v, n, -1),
      values,
    });
  }
  for (const name of attrs.numeric) {
    const cols = await readColumns(
      c,
      `SELECT k, ${ident(`a_${name}`)} AS v FROM __attr`,
      { k: 'i32', v: 'f64' },
    );
    const numbers = new Float64Array(n).fill(NaN);
    const k = cols.k as Int32Array;
    const v = cols.v as Float64Array;
    for (let i = 0; i < k.length; i++) numbers[k[i]] = v[i];
    out.push({ name, kind: 'numeric', numbers });
  }
  if (attrs.text) {
    const col = ident(attrs.text === 'query' ? 'query' : 'a_text');
    // Codes into the distinct texts rather than one string per row: rows
    // repeat few queries, and reading millions of strings out of DuckDB
    // one by one costs seconds and hundreds of MB.
    const { values, codes } = await textCodes(
      c,
      `coalesce(CAST(${col} AS VARCHAR), '')`,
      'true',
    );
    out.push({
      name: attrs.text,
      kind: 'text',
      index: scatter(codes.k, codes.v, n, -1),
      values,
    });
  }
  await c.run('DROP TABLE __attr');
  return out;
}

/** A temporary enum type of the distinct values of an expression. */
const CODES_TYPE = '__codes_t';

/**
 * The sorted distinct values of `expr` over `__attr` (rows where `where`
 * holds) and each such row's index into them (`k` the row's key, `v` the
 * index). The values become an enum type, so a row's index is one hash
 * lookup (`enum_code`) rather than a window sort over every row.
 */
async function textCodes(
  c: Engine['conn'],
  expr: string,
  where: string,
): Promise<{ values: string[]; codes: { k: Int32Array; v: Int32Array } }> {
  await c.run(
    `CREATE TYPE ${CODES_TYPE} AS ENUM ` +
      `(SELECT DISTINCT ${expr} FROM __attr WHERE ${where} ORDER BY 1)`,
  );
  try {
    const values = (
      await rows<{ v: string }>(
        c,
        `SELECT unnest(enum_range(NULL::${CODES_TYPE}))::VARCHAR AS v`,
      )
    ).map((r) => r.v);
    const cols = await readColumns(
      c,
      `SELECT k, enum_code((${expr})::${CODES_TYPE})::INTEGER AS v ` +
        `FROM __attr WHERE ${where}`,
      { k: 'i32', v: 'i32' },
    );
    return {
      values,
      codes: { k: cols.k as Int32Array, v: cols.v as Int32Array },
    };
  } finally {
    await c.run(`DROP TYPE ${CODES_TYPE}`);
  }
}

function scatter(
  keys: Int32Array,
  values: Int32Array,
  n: number,
  fill: number,
): Int32Array {
  const out = new Int32Array(n).fill(fill);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}
