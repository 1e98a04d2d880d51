/** Charts of the trained model: final metrics and learning curves. */
import type { ModelSection, TaskMetrics } from '../data.ts';
import type { Chart } from './chart.ts';
import { base, HEIGHT } from './theme.ts';

/** The metrics shown, with the panel header that names unit and direction. */
const METRICS: { key: keyof TaskMetrics; label: string }[] = [
  { key: 'auc', label: 'AUC ↑ (0–1)' },
  { key: 'gauc', label: 'GAUC ↑ (0–1)' },
  { key: 'logloss', label: 'Log loss ↓ (nats)' },
  { key: 'calibration', label: 'Calibration (pred ÷ obs., 1 best)' },
];

/** One row per (task, split, metric) for the metric panels. */
export function metricRows(
  metrics: TaskMetrics[],
): { task: string; split: string; metric: string; value: number }[] {
  const rows = [];
  for (const { key, label } of METRICS) {
    for (const m of metrics) {
      const value = m[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      rows.push({ task: m.task, split: m.split, metric: label, value });
    }
  }
  return rows;
}

/** Per-task metrics per split, one panel per metric. */
export function metricsChart(model: ModelSection): Chart {
  const title = `Per-task metrics (${model.arch})`;
  const order = METRICS.map((m) => m.label);
  return {
    id: 'model-metrics',
    section: 'model',
    title,
    wide: true,
    guide:
      'Compare bars of one task across splits: a train bar far above ' +
      'valid/test means overfitting; ↑ higher is better, ↓ lower is ' +
      'better, calibration should sit near 1.',
    spec: {
      ...base(title),
      data: { values: metricRows(model.metrics) },
      facet: {
        column: {
          field: 'metric',
          type: 'nominal',
          sort: order,
          title: null,
          header: { labelFontWeight: 600 },
        },
      },
      spec: {
        width: 170,
        height: 180,
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          x: {
            field: 'task',
            type: 'nominal',
            sort: null,
            title: 'Task',
            axis: { labelAngle: 0 },
          },
          xOffset: { field: 'split', sort: null },
          y: {
            field: 'value',
            type: 'quantitative',
            title: 'Value (unit in panel title)',
            scale: { zero: false },
          },
          color: { field: 'split', sort: null, title: 'Split' },
          tooltip: [
            { field: 'metric', title: 'Metric' },
            { field: 'task', title: 'Task' },
            { field: 'split', title: 'Split' },
            { field: 'value', title: 'Value', format: '.4f' },
          ],
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}

/** Training loss and validation AUC per epoch, side by side. */
export function learningCurvesChart(model: ModelSection): Chart {
  const losses = new Map<number, number>();
  for (const p of model.history) losses.set(p.epoch, p.trainLoss);
  const lossRows = [...losses].map(([epoch, loss]) => ({ epoch, loss }));
  const title = 'Learning curves';
  const epochAxis = {
    field: 'epoch',
    type: 'quantitative' as const,
    title: 'Epoch (count)',
    axis: { tickMinStep: 1, format: 'd' },
  };
  return {
    id: 'model-curves',
    section: 'model',
    title,
    wide: true,
    guide:
      'Loss should fall and validation AUC rise then flatten; AUC that ' +
      'turns down while loss keeps falling means overfitting.',
    spec: {
      ...base(title),
      hconcat: [
        {
          title: 'Training loss',
          width: 380,
          height: HEIGHT,
          data: { values: lossRows },
          mark: { type: 'line', point: true },
          encoding: {
            x: epochAxis,
            y: {
              field: 'loss',
              type: 'quantitative',
              title: 'Loss L = L_ctr + λ·L_cvr (nats)',
              scale: { zero: false },
            },
          },
        },
        {
          title: 'Validation AUC',
          width: 380,
          height: HEIGHT,
          data: { values: model.history },
          mark: { type: 'line', point: true },
          encoding: {
            x: epochAxis,
            y: {
              field: 'validAuc',
              type: 'quantitative',
              title: 'AUC (0–1, higher is better)',
              scale: { zero: false },
            },
            color: { field: 'task', sort: null, title: 'Task' },
            tooltip: [
              { field: 'task', title: 'Task' },
              { field: 'epoch', title: 'Epoch' },
              { field: 'validAuc', title: 'AUC', format: '.4f' },
            ],
          },
        },
      ],
    },
  };
}
