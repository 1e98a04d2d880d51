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
import { taskColumn } from './samples.ts';
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
    await loadFinal(engine, config, a);
    const rowsPerSplit = { train: 0, valid: 0, test: 0 };
    for (const [s, name] of SPLITS.entries()) {
      rowsPerSplit[name] = count(a.split, s);
      await engine.conn.run(
        `COPY (SELECT * EXCLUDE (split) FROM final_out WHERE split = ${s} ` +
          `ORDER BY sample_id) TO ${lit(join(tmp, `${name}.parquet`))} ` +
          '(FORMAT parquet, COMPRESSION zstd)',
      );
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

async function loadFinal(
  engine: Engine,
  config: PrepareConfig,
  a: Assembled,
): Promise<void> {
  const columns: Record<string, TypedColumn | string[]> = {
    sample_id: Int32Array.from({ length: a.rows }, (_, i) => i),
    split: a.split,
    __u: a.user.index,
    __i: a.item.index,
    __c: a.category?.index ?? new Int32Array(a.rows).fill(-1),
    __src: a.src,
    ts: a.ts,
    sampled: a.sampled,
    weight: new Float32Array(a.rows).fill(1),
  };
  config.tasks.forEach((t, k) => (columns[taskColumn(t.name)] = a.labels[k]));
  for (const f of a.features.categorical)
    columns[CAT_PREFIX + f.spec.name] = f.ids;
  for (const f of a.features.numeric)
    columns[NUM_PREFIX + f.spec.name] = f.values;
  for (const e of a.evaluation) columns[EVAL_PREFIX + e.name] = e.values;
  await createFromColumns(engine.conn, 'final', columns);
  const keys = (name: string, values: string[]) =>
    createFromColumns(engine.conn, name, {
      k: Int32Array.from({ length: values.length }, (_, i) => i),
      v: values,
    });
  await keys('ukeys', a.user.values);
  await keys('ikeys', a.item.values);
  await keys('ckeys', a.category?.values ?? []);
  await engine.conn.run(
    'CREATE OR REPLACE TABLE final_out AS SELECT f.sample_id, f.split, ' +
      'u.v AS "user", i.v AS item, c.v AS category, o.session, ' +
      'f.* EXCLUDE (sample_id, split, __u, __i, __c, __src) FROM final f ' +
      'JOIN ukeys u ON u.k = f.__u JOIN ikeys i ON i.k = f.__i ' +
      'LEFT JOIN ckeys c ON c.k = f.__c ' +
      'JOIN obs o ON o.__row = f.__src ORDER BY f.sample_id',
  );
  await engine.conn.run('DROP TABLE final');
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
