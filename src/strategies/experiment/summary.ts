/**
 * The figures of an experiment on its main task: each curve's mean and
 * std of test AUC per budget over seeds, the compute each curve needs to
 * reach the full-data AUC − 0.001, and the checks against the targets.
 */
import { curveName, type RunResult } from './results.ts';

/** How close to full-data AUC counts as reaching it. */
export const TARGET_GAP = 0.001;

export interface CurvePoint {
  curve: string;
  keep: number;
  /** Mean and sample std over seeds of the main task's test AUC. */
  auc: number;
  aucStd: number;
  /** Mean training seconds and rows·epochs per run. */
  seconds: number;
  sampleEpochs: number;
  seeds: number;
}

export interface ExperimentSummary {
  mainTask: string;
  full: CurvePoint | null;
  points: CurvePoint[];
  /** Per curve: the smallest budget reaching full AUC − 0.001, or null. */
  toTarget: {
    curve: string;
    keep: number | null;
    seconds: number | null;
    sampleEpochs: number | null;
  }[];
  /** At each budget: the best strategy and the best baseline (not full). */
  best: {
    keep: number;
    strategy: CurvePoint | null;
    baseline: CurvePoint | null;
  }[];
}

const BASELINES = new Set(['random', 'stratified', 'negative-downsampling']);

export function summarize(
  runs: RunResult[],
  mainTask: string,
): ExperimentSummary {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = `${curveName(r)}@${r.keep}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const points = [...groups.values()]
    .map((g) => point(g, mainTask))
    .filter((p): p is CurvePoint => p !== null)
    .sort((a, b) => a.curve.localeCompare(b.curve) || a.keep - b.keep);
  const full = points.find((p) => p.curve === 'full') ?? null;
  const curves = [...new Set(points.map((p) => p.curve))].filter(
    (c) => c !== 'full',
  );
  const toTarget = curves.map((curve) => {
    const hit = points.find(
      (p) =>
        p.curve === curve && full !== null && p.auc >= full.auc - TARGET_GAP,
    );
    return {
      curve,
      keep: hit?.keep ?? null,
      seconds: hit?.seconds ?? null,
      sampleEpochs: hit?.sampleEpochs ?? null,
    };
  });
  const keeps = [...new Set(points.map((p) => p.keep))]
    .filter((k) => k < 1)
    .sort((a, b) => a - b);
  const top = (ps: CurvePoint[]) =>
    ps.reduce<CurvePoint | null>((b, p) => (!b || p.auc > b.auc ? p : b), null);
  const best = keeps.map((keep) => {
    const at = points.filter((p) => p.keep === keep);
    return {
      keep,
      strategy: top(
        at.filter((p) => !BASELINES.has(p.curve) && !isReverse(p.curve)),
      ),
      baseline: top(at.filter((p) => BASELINES.has(p.curve))),
    };
  });
  return { mainTask, full, points, toTarget, best };
}

export function isReverse(curve: string): boolean {
  return curve.endsWith('-reverse');
}

function point(g: RunResult[], task: string): CurvePoint | null {
  const aucs = g
    .map((r) => r.test[task]?.auc)
    .filter((a): a is number => typeof a === 'number');
  if (aucs.length === 0) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const m = mean(aucs);
  const std =
    aucs.length > 1
      ? Math.sqrt(
          aucs.reduce((s, a) => s + (a - m) ** 2, 0) / (aucs.length - 1),
        )
      : 0;
  return {
    curve: curveName(g[0]),
    keep: g[0].keep,
    auc: m,
    aucStd: std,
    seconds: mean(g.map((r) => r.seconds)),
    sampleEpochs: mean(g.map((r) => r.rows * r.epochs)),
    seeds: aucs.length,
  };
}
