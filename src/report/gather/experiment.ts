/**
 * The effect section from an experiment's `results.json`: a list of runs
 * `{scorer, keep|budget|fraction, seed, seconds, test: {task: {auc}} }` (or
 * one row per task with `task` and `auc`), under `runs` / `results` or at
 * the top level. Runs with scorer "full" or keep 1 and no scorer are the
 * full-data reference, as is an explicit `fullData` / `full` list.
 */
import type { EffectSection, PruningPoint } from '../data.ts';
import { arr, keep, num, obj, str } from './pick.ts';

const FULL_NAMES = new Set(['full', 'all', 'none', 'full-data']);

/** AUC per task of one run. */
function runAucs(run: unknown): [string, number][] {
  const task = str(run, 'task');
  const auc = num(run, 'auc', 'testAuc', 'test_auc');
  if (task && auc !== undefined) return [[task, auc]];
  const byTask = obj(run, 'test', 'metrics', 'auc');
  if (!byTask) return [];
  return keep(Object.entries(byTask), ([t, v]) => {
    const a = num(v) ?? num(v, 'auc');
    return a === undefined ? undefined : [t, a];
  });
}

function seconds(run: unknown): number {
  return num(run, 'seconds', 'trainSeconds', 'train_seconds', 'time') ?? NaN;
}

/** The effect section, or undefined when there are no runs. */
export function effectSection(results: unknown): EffectSection | undefined {
  const runs = Array.isArray(results)
    ? results
    : arr(results, 'runs', 'results');
  const curves: PruningPoint[] = [];
  const fullData: EffectSection['fullData'] = [];
  for (const run of runs) {
    const scorer = str(run, 'scorer', 'strategy', 'method') ?? 'full';
    const keepFraction = num(run, 'keep', 'budget', 'fraction') ?? 1;
    const seed = num(run, 'seed') ?? 0;
    for (const [task, auc] of runAucs(run)) {
      if (FULL_NAMES.has(scorer)) {
        fullData.push({ task, auc, seconds: seconds(run) });
      } else {
        const s = seconds(run);
        curves.push({
          scorer,
          keep: keepFraction,
          seed,
          task,
          auc,
          seconds: s,
        });
      }
    }
  }
  for (const f of arr(results, 'fullData', 'full')) {
    for (const [task, auc] of runAucs(f)) {
      fullData.push({ task, auc, seconds: seconds(f) });
    }
  }
  if (curves.length === 0 && fullData.length === 0) return undefined;
  return { curves, fullData: dedupeFull(fullData) };
}

/** One reference per task: the mean over seeds of the full-data runs. */
function dedupeFull(
  full: EffectSection['fullData'],
): EffectSection['fullData'] {
  const byTask = new Map<string, { auc: number[]; s: number[] }>();
  for (const f of full) {
    const g = byTask.get(f.task) ?? { auc: [], s: [] };
    g.auc.push(f.auc);
    g.s.push(f.seconds);
    byTask.set(f.task, g);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...byTask].map(([task, g]) => ({
    task,
    auc: mean(g.auc),
    seconds: mean(g.s),
  }));
}
