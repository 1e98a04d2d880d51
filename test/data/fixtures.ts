/** Helpers for the data tests: temp folders, tiny tables, prepare runs. */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig, type PrepareConfig } from '../../src/data/config.ts';
import { openEngine, rows } from '../../src/data/duck.ts';
import { prepare } from '../../src/data/prepare.ts';
import type { QualityReport, Repair } from '../../src/data/quality.ts';
import type { PreparedManifest } from '../../src/data/types.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared datasets folder, or undefined when it is absent. */
export function datasetsDir(): string | undefined {
  const dir = resolve(ROOT, '..', 'shared', 'datasets');
  return existsSync(dir) ? dir : undefined;
}

/** Runs `body` with a fresh temp folder, removed afterwards. */
export async function withTemp<T>(
  body: (dir: string) => Promise<T> | T,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-data-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `lines` joined by "\n" (with a final newline) and returns the path. */
export function writeLines(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}

/** Validates a raw config object (as a config file would hold it). */
export function config(raw: Record<string, unknown>): PrepareConfig {
  return validateConfig({ seed: 3, ...raw }, 'test config');
}

export interface Prepared {
  dir: string;
  manifest: PreparedManifest;
  quality: QualityReport;
}

/** Prepares `raw` into `out` and reads back the manifest and quality. */
export async function runPrepare(
  raw: Record<string, unknown>,
  out: string,
): Promise<Prepared> {
  await prepare(config(raw), out);
  const read = (name: string) =>
    JSON.parse(readFileSync(join(out, name), 'utf8'));
  return {
    dir: out,
    manifest: read('manifest.json') as PreparedManifest,
    quality: read('quality.json') as QualityReport,
  };
}

/** The repairs of `table` whose reason matches `reason`. */
export function repairs(
  q: QualityReport,
  table: string,
  reason: RegExp,
): Repair[] {
  return q.repairs.filter((r) => r.table === table && reason.test(r.reason));
}

/** Count of the single repair matching; fails when there is none. */
export function repairCount(
  q: QualityReport,
  table: string,
  reason: RegExp,
): number {
  const found = repairs(q, table, reason);
  if (found.length !== 1) {
    throw new Error(
      `expected one repair ${reason} in ${table}, found ${found.length}: ` +
        JSON.stringify(q.repairs, null, 1),
    );
  }
  return found[0].count;
}

/** Rows of a Parquet file (or any DuckDB query over `file`) as objects. */
export async function readParquet(
  file: string,
  select = '*',
): Promise<Record<string, unknown>[]> {
  const work = mkdtempSync(join(tmpdir(), 'winnow-pq-'));
  const engine = await openEngine(work);
  try {
    return await rows(
      engine.conn,
      `SELECT ${select} FROM read_parquet('${file}') ORDER BY sample_id`,
    );
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs one SQL statement in a scratch DuckDB (e.g. COPY ... TO parquet). */
export async function duckRun(sql: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'winnow-duck-'));
  const engine = await openEngine(work);
  try {
    await engine.conn.run(sql);
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** SHA-256 of every file in a directory, by name. */
export function hashDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const bytes = readFileSync(join(dir, name));
    out[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return out;
}

/**
 * A small timed behaviour log: `users` users each see `perUser` items in
 * order, one second apart; every third exposure is clicked, every ninth
 * also bought. Returns the CSV lines (header first).
 */
export function funnelLog(users: number, perUser: number): string[] {
  const lines = ['user,item,ts,type'];
  let t = 1_700_000_000;
  for (let k = 0; k < perUser; k++) {
    for (let u = 0; u < users; u++) {
      const item = `i${(u * 7 + k * 3) % 40}`;
      t++;
      lines.push(`u${u},${item},${t},impression`);
      if ((u + k) % 3 === 0) lines.push(`u${u},${item},${t + 1},click`);
      if ((u + k) % 9 === 0) lines.push(`u${u},${item},${t + 2},purchase`);
    }
  }
  return lines;
}

/** The config of `funnelLog` written at `path`. */
export function funnelConfig(path: string): Record<string, unknown> {
  return {
    name: 'funnel',
    events: { path, user: 'user', item: 'item', time: 'ts', type: 'type' },
    tasks: [
      { name: 'click', types: ['click', 'purchase'] },
      { name: 'purchase', types: ['purchase'] },
    ],
    impressionType: 'impression',
  };
}

/** Rows of any DuckDB query (e.g. aggregates over Parquet files). */
export async function duckQuery(
  sql: string,
): Promise<Record<string, unknown>[]> {
  const work = mkdtempSync(join(tmpdir(), 'winnow-duck-'));
  const engine = await openEngine(work);
  try {
    return await rows(engine.conn, sql);
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}
