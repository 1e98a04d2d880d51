/**
 * The records of an experiment run directory: `runs.jsonl` (one finished
 * run per line, appended, read back to resume), `results.json` and
 * `results.csv` (rewritten atomically after every run).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../../model/io.ts';

/** Test metrics of one task (AUC, GAUC higher better; logloss lower). */
export interface TestMetrics {
  auc: number | null;
  gauc: number | null;
  logloss: number;
}

/** One trained and evaluated model of the experiment. */
export interface RunResult {
  /** Scorer whose scores drove the selection; 'none' for baselines. */
  scorer: string;
  /** Strategy or baseline name; 'prune-reverse' for the reverse curve. */
  strategy: string;
  /** Requested fraction of training rows kept. */
  keep: number;
  seed: number;
  /** Rows trained on and epochs run. */
  rows: number;
  epochs: number;
  /** Training wall time in seconds (selection excluded). */
  seconds: number;
  /** Seconds spent selecting the rows. */
  selectSeconds: number;
  /** FNV-1a hash of the kept rows and weights. */
  selection: string;
  test: Record<string, TestMetrics>;
}

/** The label a curve goes by in results.json and the report. */
export function curveName(r: Pick<RunResult, 'scorer' | 'strategy'>): string {
  return r.scorer === 'none' ? r.strategy : `${r.scorer}:${r.strategy}`;
}

/** The identity of a run, used to skip finished ones on resume. */
export function runKey(
  r: Pick<RunResult, 'scorer' | 'strategy' | 'keep' | 'seed'>,
): string {
  return `${r.scorer}|${r.strategy}|${r.keep}|${r.seed}`;
}

export function readRuns(dir: string): RunResult[] {
  const file = join(dir, 'runs.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as RunResult];
      } catch {
        return []; // a line cut by an interruption is redone
      }
    });
}

export function appendRun(dir: string, r: RunResult): void {
  appendFileSync(join(dir, 'runs.jsonl'), JSON.stringify(r) + '\n');
}

export const CSV_COLUMNS = [
  'scorer',
  'strategy',
  'keep',
  'seed',
  'task',
  'auc',
  'gauc',
  'logloss',
  'seconds',
  'rows',
] as const;

/** One CSV line per run and task, in the order of CSV_COLUMNS. */
export function resultsCsv(runs: RunResult[]): string {
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'number'
        ? String(Number(v.toPrecision(6)))
        : String(v);
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of runs) {
    for (const [task, m] of Object.entries(r.test)) {
      const row = { ...r, task, ...m };
      lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes results.json (runs + summary) and results.csv atomically. */
export function writeResults(
  dir: string,
  head: Record<string, unknown>,
  runs: RunResult[],
  summary: unknown,
): void {
  const json = {
    format: 'winnow-experiment',
    ...head,
    runs: runs.map((r) => ({ ...r, scorer: curveName(r), method: r.scorer })),
    summary,
  };
  writeAtomic(join(dir, 'results.json'), JSON.stringify(json, null, 2) + '\n');
  writeAtomic(join(dir, 'results.csv'), resultsCsv(runs));
}

/** FNV-1a (32-bit) of the kept rows and their weights, as hex. */
export function selectionHash(keep: Int32Array, weights: Float32Array): string {
  let h = 0x811c9dc5;
  const eat = (bytes: Uint8Array) => {
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  };
  eat(new Uint8Array(keep.buffer, keep.byteOffset, keep.byteLength));
  eat(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  return h.toString(16).padStart(8, '0');
}
