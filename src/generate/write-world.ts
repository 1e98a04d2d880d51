/**
 * Writes a built world to disk: tables into a temporary directory beside
 * the output, Parquet conversion when asked, then one rename.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Rng } from '../util/rng.ts';
import { BufferedWriter } from './buffered-writer.ts';
import { CsvEventSink, type WrittenCounts } from './event-writer.ts';
import { makeIds } from './ids.ts';
import type { Calibration } from './noise.ts';
import type { ResolvedOptions } from './options.ts';
import {
  csvToParquet,
  EVENT_TYPES,
  ITEM_TYPES,
  USER_TYPES,
  type ColumnTypes,
} from './parquet.ts';
import { SessionSimulator } from './session.ts';
import { truthReport, worldReport } from './reports.ts';
import { writeItems, writeUsers } from './tables.ts';
import { LOG_SPAN, LOG_START, type World } from './world.ts';

/** Rows between two progress reports while writing events. */
const PROGRESS_EVERY = 1 << 16;

export interface WriteJob {
  options: ResolvedOptions;
  world: World;
  calibration: Calibration;
  rng: Rng;
  version: number;
  onProgress?: (done: number, total: number, label?: string) => void;
}

/** What ended up on disk. */
export interface WrittenWorld {
  /** Sessions begun (the last one may be cut short by the row limit). */
  sessions: number;
  counts: WrittenCounts;
  /** Items in items.csv (the others are referenced by events only). */
  itemsListed: number;
  /** Users that are bots, whether or not they appear in the events. */
  botUsers: number;
  /** File names inside the output directory. */
  files: string[];
}

/** Throws a UsageError when the output exists and may not be replaced. */
export function checkOutput(options: ResolvedOptions): void {
  if (existsSync(options.out) && !options.force) {
    throw new UsageError(
      `${options.out} already exists; remove it, choose another ` +
        'directory or pass --force to replace it',
    );
  }
}

export async function writeWorldFiles(job: WriteJob): Promise<WrittenWorld> {
  checkOutput(job.options);
  const out = resolve(job.options.out);
  await mkdir(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  try {
    const written = await writeInto(tmp, job);
    if (existsSync(out)) await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
    return written;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function writeInto(dir: string, job: WriteJob): Promise<WrittenWorld> {
  const { world, options: o } = job;
  const itemIds = makeIds('i', world.catalog.items);
  const itemsListed = await writeItems(world, itemIds, join(dir, 'items.csv'));
  await writeUsers(world, join(dir, 'users.csv'));
  const { sessions, counts } = await writeEvents(dir, job, itemIds);
  let botUsers = 0;
  for (const b of world.population.bot) botUsers += b;
  const written: WrittenWorld = {
    sessions,
    counts,
    itemsListed,
    botUsers,
    files: [],
  };
  if (o.format === 'parquet') await convertTables(dir, job);
  const ext = o.format;
  written.files = [
    `events.${ext}`,
    `items.${ext}`,
    `users.${ext}`,
    'truth.csv',
    'truth.json',
    'world.json',
  ];
  const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
  const reportInput = { ...job, written };
  await writeFile(join(dir, 'truth.json'), json(truthReport(reportInput)));
  await writeFile(join(dir, 'world.json'), json(worldReport(reportInput)));
  return written;
}

async function writeEvents(dir: string, job: WriteJob, itemIds: string[]) {
  const { world, options: o, calibration, rng } = job;
  const events = new BufferedWriter(join(dir, 'events.csv'));
  const truth = new BufferedWriter(join(dir, 'truth.csv'));
  try {
    const sink = new CsvEventSink(events, truth, o.events, itemIds, o.users);
    const sim = new SessionSimulator(world, calibration.noise, rng);
    const planned = Math.max(1, o.events / calibration.rowsPerSession);
    let s = 0;
    let reported = 0;
    for (; !sink.full; s++) {
      const offset = (LOG_SPAN * (s + rng.next())) / planned;
      sim.run(s, LOG_START + Math.floor(offset), sink);
      await events.maybeFlush();
      await truth.maybeFlush();
      if (sink.counts.rows - reported >= PROGRESS_EVERY) {
        reported = sink.counts.rows;
        job.onProgress?.(reported, o.events, 'events');
      }
    }
    await events.close();
    await truth.close();
    job.onProgress?.(o.events, o.events, 'events');
    return { sessions: s, counts: sink.counts };
  } catch (error) {
    events.destroy();
    truth.destroy();
    throw error;
  }
}

async function convertTables(dir: string, job: WriteJob): Promise<void> {
  const tables: [string, ColumnTypes][] = [
    ['events', EVENT_TYPES],
    ['items', ITEM_TYPES],
    ['users', USER_TYPES],
  ];
  for (const [k, [name, types]] of tables.entries()) {
    job.onProgress?.(k, tables.length, 'parquet');
    const csv = join(dir, `${name}.csv`);
    await csvToParquet(csv, join(dir, `${name}.parquet`), types);
    await rm(csv);
  }
  job.onProgress?.(tables.length, tables.length, 'parquet');
}
