/**
 * The pieces `bench/score.ts` is built from: prepare a preset once, train
 * a small model on (possibly altered) prepared data, score every training
 * sample with every method, and evaluate the score columns against known
 * bad samples, oriented as `winnow evaluate-scores` does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ORIENTATION } from '../src/cli/evaluate-scores.ts';
import { modelInput } from '../src/cli/score-input.ts';
import { runTraining, type TrainRequest } from '../src/cli/train-run.ts';
import type { PreparedData } from '../src/data/load.ts';
import { prepare } from '../src/data/prepare.ts';
import { presetConfig } from '../src/data/presets.ts';
import type { SplitName } from '../src/data/types.ts';
import {
  auroc,
  evaluateScores,
  type ScoreEvaluation,
} from '../src/importance/evaluate.ts';
import { METHOD_NAMES, type MethodName } from '../src/importance/methods.ts';
import { scoreSamples, type ScoringResult } from '../src/importance/score.ts';
import { subsetSplit } from '../src/strategies/select.ts';
import type { Selection } from '../src/strategies/types.ts';
import { Rng } from '../src/util/rng.ts';

/** The model trained for every proof: small and fast. */
export interface Shape {
  epochs: number;
  embDim: number;
  hidden: number[];
  tower: number[];
  seed: number;
}

export const SMALL: Shape = {
  epochs: 3,
  embDim: 8,
  hidden: [64, 32],
  tower: [16],
  seed: 0,
};

/** Prepares `preset` over `data` into `out` unless it is there already. */
export async function preparedDir(
  preset: string,
  data: string,
  out: string,
): Promise<string> {
  if (!existsSync(join(out, 'manifest.json'))) {
    await prepare(presetConfig(preset, data), out);
  }
  return out;
}

/** Keeps a seeded uniform sample of `maxRows` rows of a split (0 = all). */
export function subsample(
  data: PreparedData,
  split: SplitName,
  maxRows: number,
  seed: number,
): void {
  const s = data.splits[split];
  if (maxRows <= 0 || s.rows <= maxRows) return;
  const all = Int32Array.from({ length: s.rows }, (_, i) => i);
  const keep = new Rng(seed).shuffle(all).subarray(0, maxRows).sort();
  const sel = { keep, weights: new Float32Array(maxRows).fill(1) };
  data.splits[split] = subsetSplit(s, sel as unknown as Selection);
}

/** Wall and CPU seconds (all threads of the process) of one stretch. */
export interface Span {
  wall: number;
  cpu: number;
}

/** Marks wall and CPU time; `since()` is the span from the last mark. */
export function clock(): { since: () => Span } {
  let wall = performance.now();
  let cpu = process.cpuUsage();
  return {
    since() {
      const c = process.cpuUsage(cpu);
      const span = {
        wall: (performance.now() - wall) / 1000,
        cpu: (c.user + c.system) / 1e6,
      };
      wall = performance.now();
      cpu = process.cpuUsage();
      return span;
    },
  };
}

/**
 * Trains `shape` on `data` into `out`; returns seconds, epoch rates, and
 * the span of each epoch (from the end of the previous one, so it holds
 * the epoch's validation pass and checkpoint; the first also the setup).
 */
export async function trainSmall(
  data: PreparedData,
  out: string,
  shape: Shape,
): Promise<{
  seconds: number;
  samplesPerSecond: number[];
  epochs: Span[];
  /** Validation AUC per task, e.g. "click 0.712, purchase 0.801". */
  validAuc: string;
}> {
  const req: TrainRequest = {
    out,
    arch: 'shared-bottom',
    lambda: 1,
    epochs: shape.epochs,
    batch: 1024,
    lr: 1e-3,
    seed: shape.seed,
    embDim: shape.embDim,
    hidden: shape.hidden,
    tower: shape.tower,
    experts: 4,
    levels: 1,
    patience: 0,
    sparse: 'adam',
    restart: true,
  };
  const start = performance.now();
  const epochs: Span[] = [];
  const c = clock();
  const summary = await runTraining(req, data, {
    epoch: () => epochs.push(c.since()),
  });
  return {
    seconds: (performance.now() - start) / 1000,
    samplesPerSecond: summary.history.map((h) => h.samplesPerSecond),
    epochs,
    validAuc: Object.entries(summary.metrics.valid ?? {})
      .map(([t, m]) => `${t} ${m.auc?.toFixed(3) ?? '-'}`)
      .join(', '),
  };
}

/**
 * Scores with `methods` (default every method the model allows) and the
 * default importance weights.
 */
export function scoreAll(
  data: PreparedData,
  modelDir: string,
  methods?: MethodName[],
): { result: ScoringResult; seconds: number } {
  const start = performance.now();
  const input = modelInput(data, modelDir, methods ?? METHOD_NAMES, () => {});
  const result = scoreSamples(input, { methods });
  return { result, seconds: (performance.now() - start) / 1000 };
}

/**
 * The score columns of `result` oriented so that higher = more likely bad
 * (`ORIENTATION` of evaluate-scores), restricted to `rows` when given,
 * evaluated against `flags` (aligned with `rows`) next to random scores.
 */
export function evaluate(
  result: ScoringResult,
  flags: Uint8Array,
  rows?: Int32Array,
): ScoreEvaluation {
  const all = new Map(result.columns);
  all.set('importance', result.importance);
  all.set('noise', result.noise);
  const oriented: Record<string, Float32Array> = {};
  for (const [name, sign] of Object.entries(ORIENTATION)) {
    const col = all.get(name);
    if (!col) continue;
    const picked = rows ? Float32Array.from(rows, (r) => col[r]) : col;
    oriented[name] = sign > 0 ? picked : picked.map((v) => -v);
  }
  return evaluateScores(oriented, flags, { seed: 0 });
}

/**
 * AUROC (high value = flagged) of the columns `ORIENTATION` leaves out
 * (coverage, redundancy, variability, per-task losses): a diagnostic line,
 * not an evaluation with a fixed orientation.
 */
export function unoriented(
  result: ScoringResult,
  flags: Uint8Array,
  rows?: Int32Array,
): string {
  const parts: string[] = [];
  for (const [name, col] of result.columns) {
    if (name in ORIENTATION) continue;
    const picked = rows ? Float32Array.from(rows, (r) => col[r]) : col;
    parts.push(`${name} ${auroc(picked, flags).toFixed(3)}`);
  }
  return `  unoriented AUROC (high = flagged): ${parts.join(', ')}`;
}

/** The evaluation as a table, best AUROC first, random last. */
export function table(title: string, e: ScoreEvaluation): string {
  const f = (x: number) => x.toFixed(3).padStart(7);
  const line = (name: string, m: ScoreEvaluation['random']) =>
    `  ${name.padEnd(12)}${f(m.auroc)}${f(m.auprc)}` +
    `${f(m.precisionAtK)}${f(m.f1)}`;
  const rows = Object.entries(e.methods)
    .sort((a, b) => b[1].auroc - a[1].auroc)
    .map(([name, m]) => line(name, m));
  return [
    `${title}: ${e.flagged} of ${e.rows} samples flagged`,
    `  ${'score'.padEnd(12)}  AUROC  AUPRC    P@k     F1`,
    ...rows,
    line('random', e.random),
  ].join('\n');
}

/** The method with the highest AUROC. */
export function best(e: ScoreEvaluation): [string, ScoreEvaluation['random']] {
  return Object.entries(e.methods).sort((a, b) => b[1].auroc - a[1].auroc)[0];
}
