/**
 * `prepare`: raw tables in, a prepared dataset directory out. The steps:
 * read and clean (DuckDB), make samples and labels, split, sample
 * negatives, count past-only features, encode, guard against leaks, write.
 * The output is written to a temporary folder and renamed on success.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError } from '../errors.ts';
import {
  dropUnknownIds,
  normaliseAttributes,
  repairColumns,
} from './attributes.ts';
import type { PrepareConfig } from './config.ts';
import { openEngine, scalar, type Engine } from './duck.ts';
import { normaliseEvents, numericEventColumns } from './events.ts';
import { QualityLog } from './quality.ts';
import type { LineDigest } from './line-digest.ts';
import { loadTable, type InputFile, type LoadedTable } from './read.ts';
import { buildSamples } from './samples.ts';
import { assembleSamples } from './assemble.ts';
import { writePrepared } from './output.ts';
import type { PreparedManifest } from './types.ts';

export type Progress = (step: string, done: number, total: number) => void;

export interface PrepareResult {
  outDir: string;
  manifest: PreparedManifest;
}

const STEPS = 7;

/**
 * DuckDB's share of memory: the samples' typed arrays live beside it in
 * the JS heap; past it DuckDB spills to the work folder.
 */
const ENGINE_MEMORY = '1GB';
/**
 * DuckDB's memory once the samples are built: from then on the work is in
 * JS (splits, past counts, encoding) and DuckDB only streams the output,
 * so its buffers are handed back to keep the peak of the whole process
 * low (at 10M events this lowers it by about 600 MB).
 */
const LATE_ENGINE_MEMORY = '256MB';

export async function prepare(
  config: PrepareConfig,
  outDir: string,
  onProgress: Progress = () => {},
): Promise<PrepareResult> {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const workDir = mkdtempSync(
    join(dirname(target), `.${basename(target)}.work-`),
  );
  const engine = await openEngine(workDir, { memoryLimit: ENGINE_MEMORY });
  try {
    const quality = new QualityLog();
    const inputs: InputFile[] = [];
    onProgress('reading', 0, STEPS);
    await readAll(engine, config, workDir, quality, inputs);
    onProgress('cleaning', 1, STEPS);
    await cleanAll(engine, config, quality);
    onProgress('building samples', 2, STEPS);
    await buildSamples(engine, config);
    // The events live on in obs; their memory goes to the later tables.
    await engine.conn.run('DROP TABLE ev');
    onProgress('splitting, sampling, counting the past', 3, STEPS);
    await engine.conn.run(`SET memory_limit = '${LATE_ENGINE_MEMORY}'`);
    const assembled = await assembleSamples(engine, config, quality);
    onProgress('writing', 5, STEPS);
    const manifest = await writePrepared(
      engine,
      config,
      assembled,
      quality,
      inputs,
      target,
    );
    onProgress('done', STEPS, STEPS);
    return { outDir: target, manifest };
  } finally {
    engine.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function readAll(
  engine: Engine,
  config: PrepareConfig,
  workDir: string,
  quality: QualityLog,
  inputs: InputFile[],
): Promise<void> {
  const events = await loadTable(
    engine,
    config.events,
    'events',
    workDir,
    quality,
    inputs,
    {
      digest: true,
      // Extra tables are inserted into the first: all read as text.
      numeric: config.moreEvents.length ? [] : numericEventColumns(config),
    },
  );
  for (const [k, more] of config.moreEvents.entries()) {
    const extra = await loadTable(
      engine,
      more,
      `events_${k + 1}`,
      workDir,
      quality,
      inputs,
      { digest: true },
    );
    const missing = events.columns.filter((c) => !extra.columns.includes(c));
    if (missing.length) {
      throw new DataError(
        `lacks the columns ${missing.join(', ')} that the main events table ` +
          'has; every events table needs the same columns',
        { file: extra.files.join(', ') },
      );
    }
    // Lines of later files are offset so every row keeps a unique order.
    const offset = (k + 1) * LINE_OFFSET;
    await engine.conn.run(
      'INSERT INTO events BY NAME SELECT * REPLACE ' +
        `(__line + ${offset} AS __line) FROM events_${k + 1}`,
    );
    await engine.conn.run(`DROP TABLE events_${k + 1}`);
    events.digests = mergeDigests(events, extra, (k + 1) * LINE_OFFSET);
  }
  events.rows = 0;
  await normaliseEvents(engine, config, events, quality);
  for (const side of ['items', 'users'] as const) {
    const spec = config[side];
    if (!spec) continue;
    const raw = await loadTable(
      engine,
      spec,
      `${side}_raw`,
      workDir,
      quality,
      inputs,
    );
    await normaliseAttributes(engine, config, side, raw, quality);
  }
}

/**
 * The line digests of the events with those of an extra table, whose
 * lines are offset by `offset`; none when a row's line no longer shows
 * all its inserted values in the main table's column order.
 */
function mergeDigests(
  events: LoadedTable,
  extra: LoadedTable,
  offset: number,
): LineDigest[] | undefined {
  const same =
    extra.columns.length === events.columns.length &&
    extra.columns.every((c, i) => c === events.columns[i]);
  if (!same || !events.digests || !extra.digests) return undefined;
  const moved = extra.digests.map((d) => ({ ...d, offset: d.offset + offset }));
  return [...events.digests, ...moved];
}

/** Line numbers of the k-th extra events file start at k * LINE_OFFSET. */
export const LINE_OFFSET = 10_000_000_000;

async function cleanAll(
  engine: Engine,
  config: PrepareConfig,
  quality: QualityLog,
): Promise<void> {
  await dropUnknownIds(engine, config, quality);
  const kept = Number(await scalar(engine.conn, 'SELECT count(*) FROM ev'));
  quality.kept('ev', kept);
  if (kept === 0) throw noEventsLeft(config, quality);
  const attrs = config.events.attributes;
  if (attrs) {
    await repairColumns(
      engine,
      config,
      'ev',
      attrs.categorical,
      attrs.numeric,
      quality,
    );
  }
}

function noEventsLeft(config: PrepareConfig, quality: QualityLog): DataError {
  const causes = quality
    .toJSON()
    .repairs.filter((r) => r.table === 'events' && r.action === 'dropped')
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)
    .map(
      (r) =>
        `${r.reason} (${r.count}${r.examples[0] ? `, e.g. ${r.examples[0]}` : ''})`,
    );
  const path = config.events.path;
  return new DataError(
    `no events are left after cleaning; dropped: ${causes.join('; ')}. ` +
      'Check the column names and the ids against the items/users tables.',
    { file: Array.isArray(path) ? path.join(', ') : path },
  );
}
