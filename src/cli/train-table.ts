/** The per-task metrics table `winnow train` prints on stderr. */
import type { TaskMetrics } from '../model/metrics.ts';

const fmt = (v: number | null, digits = 4) =>
  v === null || Number.isNaN(v) ? '-' : v.toFixed(digits);

/** One line per (split, task): AUC, GAUC, logloss, calibration, rate. */
export function metricsTable(
  metrics: Record<string, Record<string, TaskMetrics>>,
): string {
  const head = ['split', 'task', 'AUC', 'GAUC', 'logloss', 'calib', 'pos rate'];
  const rows: string[][] = [head];
  for (const [split, tasks] of Object.entries(metrics)) {
    for (const [task, m] of Object.entries(tasks)) {
      rows.push([
        split,
        task,
        fmt(m.auc),
        fmt(m.gauc),
        fmt(m.logloss),
        fmt(m.calibration, 3),
        fmt(m.positiveRate),
      ]);
    }
  }
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((v, c) => v.padEnd(widths[c])).join('  '))
    .join('\n');
}
