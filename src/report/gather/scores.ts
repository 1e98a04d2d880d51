/**
 * The importance and samples sections from a scores table
 * (`scores.parquet` or `scores.csv`), read with DuckDB so that large tables
 * are aggregated without loading them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, lit, rows } from '../../data/duck.ts';
import type {
  CartographyPoint,
  GroupMean,
  ImportanceSection,
  SamplesSection,
} from '../data.ts';
import {
  bucketSql,
  ITEM_BUCKETS,
  scoreColumns,
  USER_BUCKETS,
  type Buckets,
  type Column,
  type ScoreColumns,
} from './columns.ts';
import {
  summaryByCategory,
  summaryByUserActivity,
  summaryMethods,
} from './summary.ts';

/** Rows sampled for distributions and the cartography map. */
export const SAMPLE_ROWS = 5000;
/** Points per task on the noise-against-label chart. */
export const NOISE_POINTS = 1500;
/** Rows in the samples table from each end of the ranking. */
export const TABLE_ROWS = 200;
/** Categories kept (the largest). */
export const CATEGORIES = 30;

export interface ScoresOptions {
  /** Task names, from the manifest. */
  tasks: string[];
  /** The parsed summary.json next to the table, if any. */
  summary?: unknown;
  /** Seed of the row sample. */
  seed: number;
}

export interface ScoresSections {
  importance?: ImportanceSection;
  samples?: SamplesSection;
}

type Row = Record<string, unknown>;

function toNumber(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

function reader(file: string): string {
  return file.endsWith('.csv')
    ? `read_csv(${lit(file)}, header = true)`
    : `read_parquet(${lit(file)})`;
}

async function describe(conn: DuckDBConnection): Promise<Column[]> {
  const described = await rows<Row>(conn, 'DESCRIBE scores');
  return described.map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
}

/** A deterministic pseudo-random sample of rows (hash of row and seed). */
async function sampleRows(
  conn: DuckDBConnection,
  cols: string[],
  seed: number,
): Promise<Row[]> {
  if (cols.length === 0) return [];
  const list = [...new Set(cols)].map(ident).join(', ');
  return rows(
    conn,
    `SELECT ${list} FROM scores ` +
      `ORDER BY hash(__row + ${Math.trunc(seed)}), __row ` +
      `LIMIT ${SAMPLE_ROWS}`,
  );
}

function finiteColumn(sample: Row[], col: string): number[] {
  return sample.map((r) => toNumber(r[col])).filter(Number.isFinite);
}

async function groupMeans(
  conn: DuckDBConnection,
  groupExpr: string,
  importance: string,
  limit: number,
): Promise<GroupMean[]> {
  const got = await rows<Row>(
    conn,
    `SELECT CAST(${groupExpr} AS VARCHAR) AS g, avg(${ident(importance)}) ` +
      `AS m, count(*) AS n FROM scores GROUP BY 1 ` +
      `ORDER BY n DESC, g LIMIT ${limit}`,
  );
  return got.map((r) => ({
    group: String(r.g),
    mean: toNumber(r.m),
    n: toNumber(r.n),
  }));
}

/** Mean importance per activity bucket of `key` (rows per user or item). */
async function bucketMeans(
  conn: DuckDBConnection,
  key: string,
  importance: string,
  buckets: Buckets,
): Promise<GroupMean[]> {
  const counted =
    `SELECT ${ident(importance)} AS v, ` +
    `count(*) OVER (PARTITION BY ${ident(key)}) AS c FROM scores`;
  const got = await rows<Row>(
    conn,
    `SELECT ${bucketSql('c', buckets)} AS b, avg(v) AS m, count(*) AS n ` +
      `FROM (${counted}) GROUP BY 1 ORDER BY 1`,
  );
  return got.map((r) => ({
    group: buckets.labels[toNumber(r.b)],
    mean: toNumber(r.m),
    n: toNumber(r.n),
  }));
}

function noiseVsLabel(
  sample: Row[],
  c: ScoreColumns,
): ImportanceSection['noiseVsLabel'] {
  const out: ImportanceSection['noiseVsLabel'] = [];
  for (const [task, labelCol] of Object.entries(c.labels)) {
    const noiseCol = c.noiseByTask[task];
    if (!noiseCol) continue;
    for (const r of sample.slice(0, NOISE_POINTS)) {
      const label = toNumber(r[labelCol]);
      const noise = toNumber(r[noiseCol]);
      if (Number.isFinite(label) && Number.isFinite(noise)) {
        out.push({ task, label: label >= 0.5 ? 1 : 0, noise });
      }
    }
  }
  return out;
}

function cartography(sample: Row[], c: ScoreColumns): CartographyPoint[] {
  const m = c.cartography;
  if (!m) return [];
  const out: CartographyPoint[] = [];
  for (const r of sample) {
    const p: CartographyPoint = {
      confidence: toNumber(r[m.confidence]),
      variability: toNumber(r[m.variability]),
      correctness: toNumber(r[m.correctness]),
    };
    if (![p.confidence, p.variability, p.correctness].every(Number.isFinite)) {
      continue;
    }
    if (c.noisy) p.noisy = toNumber(r[c.noisy]) >= 0.5 || r[c.noisy] === true;
    out.push(p);
  }
  return out;
}

async function importanceSection(
  conn: DuckDBConnection,
  c: ScoreColumns,
  seed: number,
): Promise<ImportanceSection | undefined> {
  if (!c.importance) return undefined;
  const wanted = [
    ...Object.values(c.methods),
    ...Object.values(c.labels),
    ...Object.values(c.noiseByTask),
    ...Object.values(c.cartography ?? {}),
    ...(c.noisy ? [c.noisy] : []),
  ];
  const sample = await sampleRows(conn, wanted, seed);
  const methods = Object.fromEntries(
    Object.entries(c.methods).map(([name, col]) => [
      name,
      finiteColumn(sample, col),
    ]),
  );
  const imp = c.importance;
  return {
    primary: imp,
    methods,
    byCategory: c.category
      ? await groupMeans(conn, ident(c.category), imp, CATEGORIES)
      : [],
    byUserActivity: c.user
      ? await bucketMeans(conn, c.user, imp, USER_BUCKETS)
      : [],
    byItemPopularity: c.item
      ? await bucketMeans(conn, c.item, imp, ITEM_BUCKETS)
      : [],
    noiseVsLabel: noiseVsLabel(sample, c),
    cartography: cartography(sample, c),
  };
}

function cellValue(v: unknown): string | number {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === null || v === undefined ? '' : String(v);
}

async function samplesSection(
  conn: DuckDBConnection,
  c: ScoreColumns,
): Promise<SamplesSection | undefined> {
  if (!c.importance) return undefined;
  const cols = c.display.map(ident).join(', ');
  const imp = ident(c.importance);
  const counted = await rows<Row>(
    conn,
    `SELECT count(*) AS n FROM scores WHERE ${imp} IS NOT NULL`,
  );
  const total = toNumber(counted[0].n);
  // With fewer than 2 x TABLE_ROWS rows the bottom takes what the top left.
  const bottomRows = Math.min(TABLE_ROWS, Math.max(0, total - TABLE_ROWS));
  const end = async (dir: 'DESC' | 'ASC', group: string, limit: number) => {
    const order = dir === 'DESC' ? '__row' : '__row DESC';
    const got = await rows<Row>(
      conn,
      `SELECT ${cols} FROM scores WHERE ${imp} IS NOT NULL ` +
        `ORDER BY ${imp} ${dir}, ${order} LIMIT ${limit}`,
    );
    return got.map((r) => [
      ...c.display.slice(0, 1).map((k) => cellValue(r[k])),
      group,
      ...c.display.slice(1).map((k) => cellValue(r[k])),
    ]);
  };
  const top = await end('DESC', 'top', TABLE_ROWS);
  const bottom = (await end('ASC', 'bottom', bottomRows)).reverse();
  const columns = [c.display[0], 'group', ...c.display.slice(1)];
  return { columns, rows: [...top, ...bottom] };
}

/** Both sections from the table in `file`, using an open DuckDB. */
export async function scoresSections(
  conn: DuckDBConnection,
  file: string,
  o: ScoresOptions,
): Promise<ScoresSections> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE scores AS ` +
      `SELECT *, row_number() OVER () AS __row FROM ${reader(file)}`,
  );
  const columns = (await describe(conn)).filter((x) => x.name !== '__row');
  const c = scoreColumns(columns, o.tasks, summaryMethods(o.summary));
  const importance = await importanceSection(conn, c, o.seed);
  if (importance && !c.category) {
    importance.byCategory = summaryByCategory(o.summary);
  }
  if (importance && !c.user) {
    importance.byUserActivity = summaryByUserActivity(o.summary);
  }
  return {
    importance,
    samples: await samplesSection(conn, c),
  };
}
