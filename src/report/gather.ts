/**
 * Reads what a run directory holds into `ReportData`. Layout (as written by
 * `winnow demo --out DIR`; every part optional):
 *
 *   DIR/prepared/manifest.json, quality.json   -> data
 *   DIR/model/model.json, metrics.json         -> model
 *   DIR/scores/scores.parquet|csv, summary.json -> importance, samples
 *   DIR/experiment/results.json                -> effect
 *   DIR/segments.json                          -> users
 *
 * A missing artifact leaves its section out; the page then says which
 * command fills it. Each artifact is parsed by its own small module under
 * gather/, so a change of format touches one file.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEngine } from '../data/duck.ts';
import { UsageError } from '../errors.ts';
import type { ReportData } from './data.ts';
import { effectSection } from './gather/experiment.ts';
import { exists, readJson } from './gather/files.ts';
import { modelSection } from './gather/model.ts';
import { isObj, str } from './gather/pick.ts';
import { dataSection, taskNames } from './gather/prepared.ts';
import { scoresSections, type ScoresSections } from './gather/scores.ts';
import { usersSection } from './gather/segments.ts';

export interface GatherOptions {
  /** Seed of the row samples drawn from the scores table. */
  seed?: number;
  /** Time of gathering shown in the header; omit for repeatable output. */
  generated?: string;
  /** Called after each artifact is read. */
  onProgress?: (done: number, total: number, label?: string) => void;
}

const STEPS = ['prepared', 'model', 'scores', 'experiment', 'segments'];

async function checkRunDir(runDir: string): Promise<void> {
  const info = await stat(runDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(
      `--run ${runDir}: expected a run directory (as written by ` +
        '`winnow demo --out DIR`), but it does not exist or is not a ' +
        'directory.',
    );
  }
}

/** The scores table's path, Parquet preferred, or undefined. */
async function scoresFile(dir: string): Promise<string | undefined> {
  for (const name of ['scores.parquet', 'scores.csv']) {
    const file = path.join(dir, name);
    if (await exists(file)) return file;
  }
  return undefined;
}

async function readScores(
  dir: string,
  tasks: string[],
  seed: number,
): Promise<ScoresSections> {
  const file = await scoresFile(dir);
  if (!file) return {};
  const summary = await readJson(path.join(dir, 'summary.json'));
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'winnow-report-'));
  const engine = await openEngine(workDir, { threads: 1 });
  try {
    return await scoresSections(engine.conn, file, { tasks, summary, seed });
  } finally {
    engine.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Everything the report can show about the run in `runDir`. Throws a
 * UsageError when `runDir` is not a directory, and a DataError when an
 * artifact exists but cannot be parsed.
 */
export async function gatherReport(
  runDir: string,
  options: GatherOptions = {},
): Promise<ReportData> {
  await checkRunDir(runDir);
  const at = (...p: string[]) => path.join(runDir, ...p);
  const progress = (i: number) =>
    options.onProgress?.(i + 1, STEPS.length, STEPS[i]);

  const manifest = await readJson(at('prepared', 'manifest.json'));
  const quality = await readJson(at('prepared', 'quality.json'));
  progress(0);
  const model = await readJson(at('model', 'model.json'));
  const metrics = await readJson(at('model', 'metrics.json'));
  progress(1);
  const tasks = taskNames(manifest);
  const scores = await readScores(at('scores'), tasks, options.seed ?? 1);
  progress(2);
  const results = await readJson(at('experiment', 'results.json'));
  progress(3);
  const segments = await readJson(at('segments.json'));
  progress(4);

  const title = isObj(manifest)
    ? (str(manifest, 'name') ?? path.basename(path.resolve(runDir)))
    : path.basename(path.resolve(runDir));
  return {
    title,
    ...(options.generated ? { generated: options.generated } : {}),
    data: dataSection(manifest, quality),
    model: modelSection(model, metrics),
    importance: scores.importance,
    effect: effectSection(results),
    samples: scores.samples,
    users: usersSection(segments),
  };
}
