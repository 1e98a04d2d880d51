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
  createFromColumns,
  ident,
  lit,
  type Engine,
  type TypedColumn,
} from './duck.ts';
import { guardLeakage } from './leakage.ts';
import type { QualityLog } from './quality.ts';
import type { InputFile } from './read.ts';
import { KEY_TYPES, taskColumn } from './samples.ts';
import { appendColumns } from './vectors.ts';
import type { LazyColumn } from '../features/lazy.ts';
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
    const select = await loadFinal(engine, config, a);
    const rowsPerSplit = { train: 0, valid: 0, test: 0 };
    for (const [s, name] of SPLITS.entries()) {
      rowsPerSplit[name] = count(a.split, s);
      // A filtered scan keeps the table's (sample) order.
      await engine.conn.run(
        `COPY (${select} WHERE split = ${s}) ` +
          `TO ${lit(join(tmp, `${name}.parquet`))} ` +
          '(FORMAT parquet, COMPRESSION zstd)',
      );
    }
    await engine.conn.run('DROP TABLE final');
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

/** A column of `final`: name, SQL type, values. */
type Column = [string, string, TypedColumn | LazyColumn];

/** Key columns, stored as enum codes and written as text. */
const KEYS = ['user', 'item', 'category', 'session'];
const CATEGORY_TYPE = '__category_t';

/**
 * Loads the samples, in sample order, into the table `final`; the key
 * columns are enums (see KEY_TYPES) so no join is needed to write them.
 */
async function loadFinal(
  engine: Engine,
  config: PrepareConfig,
  a: Assembled,
): Promise<string> {
  const c = engine.conn;
  const hasCategory = Boolean(a.category?.values.length);
  if (hasCategory) await createEnum(engine, CATEGORY_TYPE, a.category!.values);
  const columns: Column[] = [
    ['sample_id', 'INTEGER', Int32Array.from({ length: a.rows }, (_, i) => i)],
    ['split', 'UTINYINT', a.split],
    ['user', KEY_TYPES.user, a.user.index],
    ['item', KEY_TYPES.item, a.item.index],
    ...(hasCategory
      ? [['category', CATEGORY_TYPE, a.category!.index] as Column]
      : []),
    ['session', KEY_TYPES.session, a.session],
    ['ts', 'DOUBLE', a.ts],
    ['sampled', 'UTINYINT', a.sampled],
  ];
  config.tasks.forEach((t, k) =>
    columns.push([taskColumn(t.name), 'UTINYINT', a.labels[k]]),
  );
  for (const f of a.features.categorical)
    columns.push([CAT_PREFIX + f.spec.name, idType(f.spec.vocab), f.ids]);
  for (const f of a.features.numeric)
    columns.push([NUM_PREFIX + f.spec.name, 'FLOAT', f.values]);
  for (const e of a.evaluation)
    columns.push([EVAL_PREFIX + e.name, 'DOUBLE', e.values]);
  const ddl = columns.map(([n, type]) => `${ident(n)} ${type}`).join(', ');
  await c.run(`CREATE OR REPLACE TABLE final (${ddl})`);
  await appendColumns(
    c,
    'final',
    columns.map(([, , values]) => values),
  );
  return finalSelect(columns, hasCategory);
}

/**
 * The written columns: keys as text, ids widened back to INTEGER, the
 * constant weight, in the order of the sample files.
 */
function finalSelect(columns: Column[], hasCategory: boolean): string {
  const category = hasCategory ? 'category::VARCHAR' : 'NULL::VARCHAR';
  const rest = columns
    .map(([n, type]) => [ident(n), type])
    .filter(([n]) => ![...KEYS, 'sample_id', 'split'].map(ident).includes(n))
    .map(([n, type]) =>
      (type === 'UTINYINT' && n.startsWith(`"${CAT_PREFIX}`)) ||
      type === 'USMALLINT'
        ? `${n}::INTEGER AS ${n}`
        : n,
    );
  const at = rest.indexOf(ident('sampled')) + 1;
  rest.splice(at, 0, '1::FLOAT AS weight');
  return (
    'SELECT sample_id, "user"::VARCHAR AS "user", item::VARCHAR AS item, ' +
    `${category} AS category, session::VARCHAR AS session, ` +
    `${rest.join(', ')} FROM final`
  );
}

/** The narrowest unsigned type that holds ids below `vocab`. */
function idType(vocab: number): string {
  if (vocab <= 256) return 'UTINYINT';
  if (vocab <= 65536) return 'USMALLINT';
  return 'INTEGER';
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
