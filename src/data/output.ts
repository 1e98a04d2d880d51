/**
 * Writes the prepared dataset: one Parquet file per split, `manifest.json`,
 * `quality.json` and `vocab.json`, in a temporary folder renamed into place
 * when everything is written.
 */
import {
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Assembled } from './assemble.ts';
import type { PrepareConfig } from './config.ts';
import {
  DOUBLE,
  FLOAT,
  INTEGER,
  UTINYINT,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import { createFromColumns, ident, lit, type Engine } from './duck.ts';
import { rowNumbers } from '../features/lazy.ts';
import { guardLeakage } from './leakage.ts';
import type { QualityLog } from './quality.ts';
import type { InputFile } from './read.ts';
import { KEY_TYPES, taskColumn } from './samples.ts';
import { registerScan, type ScanColumn } from './scan.ts';
import {
  PREPARED_FORMAT_VERSION,
  SPLITS,
  type PreparedManifest,
} from './types.ts';

/** Column name prefixes in the sample files. */
export const CAT_PREFIX = 'c_';
export const NUM_PREFIX = 'n_';
export const EVAL_PREFIX = 'e_';

/** Rows per id below which a categorical leak check would overfit. */
const LEAK_CHECK_ROWS_PER_ID = 50;

export async function writePrepared(
  engine: Engine,
  config: PrepareConfig,
  a: Assembled,
  quality: QualityLog,
  inputs: InputFile[],
  target: string,
): Promise<PreparedManifest> {
  checkLeaks(config, a);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const select = await registerSamples(engine, config, a);
    const rowsPerSplit = { train: 0, valid: 0, test: 0 };
    for (const [s, name] of SPLITS.entries())
      rowsPerSplit[name] = count(a.split, s);
    // Two writers at once: the training split on one connection, the
    // validation and test splits one after the other on another. The scan
    // feeding a file is single-threaded to keep the sample order, so one
    // split at a time would leave a core idle; a writer per split would
    // hold a third set of row-group buffers for no further gain, as the
    // training split takes as long as the other two together.
    const write = (c: DuckDBConnection, s: number) =>
      c.run(
        `COPY (${select(s)}) TO ${lit(join(tmp, `${SPLITS[s]}.parquet`))} ` +
          // zstd at level 1: a quarter faster to write than the default
          // level, for files 2% larger.
          '(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)',
      );
    const other = await engine.connect();
    try {
      await Promise.all([
        write(engine.conn, 0),
        (async () => {
          for (let s = 1; s < SPLITS.length; s++) await write(other, s);
        })(),
      ]);
    } finally {
      other.closeSync();
    }
    const manifest = buildManifest(config, a, rowsPerSplit, inputs);
    writeJson(join(tmp, 'manifest.json'), manifest);
    writeJson(join(tmp, 'quality.json'), quality.toJSON());
    writeJson(join(tmp, 'vocab.json'), vocabularies(a));
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return manifest;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

function checkLeaks(config: PrepareConfig, a: Assembled): void {
  const trainRows = count(a.split, 0);
  const candidates = [
    ...a.features.numeric.map((f) => ({
      name: f.spec.name,
      values: f.values,
      categorical: false,
    })),
    ...a.features.categorical
      .filter((f) => trainRows / f.spec.vocab >= LEAK_CHECK_ROWS_PER_ID)
      .map((f) => ({ name: f.spec.name, values: f.ids, categorical: true })),
  ];
  guardLeakage(
    candidates,
    a.labels.map((values, t) => ({ name: config.tasks[t].name, values })),
    a.split,
    config.features.leakAuc,
  );
}

/** Key columns, stored as enum codes and written as text. */
const KEYS = ['user', 'item', 'category', 'session'];
const CATEGORY_TYPE = '__category_t';
/** The table function that yields a split's samples (see scan.ts). */
const SCAN = '__samples';

/**
 * Offers the samples, in sample order, to DuckDB as the table function
 * `__samples(split)`; the key columns are enums (see KEY_TYPES) so no
 * join is needed to write them. Returns the query that writes a split
 * (`split` standing for its number).
 */
async function registerSamples(
  engine: Engine,
  config: PrepareConfig,
  a: Assembled,
): Promise<(split: number) => string> {
  const hasCategory = Boolean(a.category?.values.length);
  if (hasCategory) await createEnum(engine, CATEGORY_TYPE, a.category!.values);
  const type = await typesOf(engine, [
    KEY_TYPES.user,
    KEY_TYPES.item,
    KEY_TYPES.session,
    ...(hasCategory ? [CATEGORY_TYPE] : []),
  ]);
  const columns: ScanColumn[] = [
    col('sample_id', INTEGER, rowNumbers(a.rows)),
    col('user', type[KEY_TYPES.user], a.user.index),
    col('item', type[KEY_TYPES.item], a.item.index),
    ...(hasCategory
      ? [col('category', type[CATEGORY_TYPE], a.category!.index)]
      : []),
    col('session', type[KEY_TYPES.session], a.session),
    col('ts', DOUBLE, a.ts),
    col('sampled', UTINYINT, a.sampled),
  ];
  config.tasks.forEach((t, k) =>
    columns.push(col(taskColumn(t.name), UTINYINT, a.labels[k])),
  );
  for (const f of a.features.categorical)
    columns.push(col(CAT_PREFIX + f.spec.name, INTEGER, f.ids));
  for (const f of a.features.numeric)
    columns.push(col(NUM_PREFIX + f.spec.name, FLOAT, f.values));
  for (const e of a.evaluation)
    columns.push(col(EVAL_PREFIX + e.name, DOUBLE, e.values));
  registerScan(engine.conn, SCAN, columns, (s) => rowsOf(a.split, s));
  const select = writtenColumns(columns, hasCategory);
  return (s) => `SELECT ${select} FROM ${SCAN}(${s})`;
}

function col(
  name: string,
  type: DuckDBType,
  values: ScanColumn['values'],
): ScanColumn {
  return { name, type, values };
}

/** The DuckDB types of the named (enum) types. */
async function typesOf(
  engine: Engine,
  names: string[],
): Promise<Record<string, DuckDBType>> {
  const reader = await engine.conn.runAndReadAll(
    `SELECT ${names.map((n) => `NULL::${n} AS ${ident(n)}`).join(', ')}`,
  );
  return Object.fromEntries(names.map((n, i) => [n, reader.columnType(i)]));
}

/** The rows of split `s`, in order. */
function rowsOf(split: Uint8Array, s: number): Int32Array {
  const out = new Int32Array(count(split, s));
  for (let i = 0, k = 0; i < split.length; i++)
    if (split[i] === s) out[k++] = i;
  return out;
}

/**
 * The written columns: keys as text, the constant weight, in the order of
 * the sample files.
 */
function writtenColumns(columns: ScanColumn[], hasCategory: boolean): string {
  const category = hasCategory ? 'category::VARCHAR' : 'NULL::VARCHAR';
  const rest = columns
    .map((c) => c.name)
    .filter((n) => ![...KEYS, 'sample_id'].includes(n))
    .map(ident);
  const at = rest.indexOf(ident('sampled')) + 1;
  rest.splice(at, 0, '1::FLOAT AS weight');
  return (
    'sample_id, "user"::VARCHAR AS "user", item::VARCHAR AS item, ' +
    `${category} AS category, session::VARCHAR AS session, ` +
    rest.join(', ')
  );
}

async function createEnum(
  engine: Engine,
  type: string,
  values: string[],
): Promise<void> {
  await createFromColumns(engine.conn, '__enum_values', {
    k: Int32Array.from({ length: values.length }, (_, i) => i),
    v: values,
  });
  await engine.conn.run(
    `CREATE TYPE ${type} AS ENUM (SELECT v FROM __enum_values ORDER BY k)`,
  );
  await engine.conn.run('DROP TABLE __enum_values');
}

function buildManifest(
  config: PrepareConfig,
  a: Assembled,
  rowsPerSplit: Record<(typeof SPLITS)[number], number>,
  inputs: InputFile[],
): PreparedManifest {
  return {
    format: 'winnow-prepared',
    version: PREPARED_FORMAT_VERSION,
    name: config.name,
    rows: rowsPerSplit,
    split: { method: a.plan.method, detail: a.plan.detail },
    features: [
      ...a.features.categorical.map((f) => f.spec),
      ...a.features.numeric.map((f) => ({
        ...f.spec,
        mean: round(f.spec.mean),
        std: round(f.spec.std),
      })),
    ],
    tasks: config.tasks.map((t, k) => ({
      name: t.name,
      from: t.types
        ? `behaviour types ${t.types.join(', ')}`
        : `column ${t.column}`,
      positiveRate: Object.fromEntries(
        SPLITS.map((name, s) => [name, round(rate(a.labels[k], a.split, s))]),
      ),
    })),
    evalColumns: a.evaluation.map((e) => e.name),
    inputs,
    config,
    seed: config.seed,
  };
}

function vocabularies(a: Assembled): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of a.features.categorical) {
    if (f.vocabulary.length) out[f.spec.name] = f.vocabulary;
  }
  return out;
}

function count(split: Uint8Array, s: number): number {
  let n = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === s) n++;
  return n;
}

function rate(labels: Uint8Array, split: Uint8Array, s: number): number {
  let n = 0;
  let pos = 0;
  for (let i = 0; i < split.length; i++) {
    if (split[i] !== s) continue;
    n++;
    pos += labels[i];
  }
  return n ? pos / n : 0;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export { ident };
