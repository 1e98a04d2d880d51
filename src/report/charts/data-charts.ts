/** Charts of the prepared dataset: sizes, repairs and label rates. */
import type { DataSection } from '../data.ts';
import type { Chart } from './chart.ts';
import { bandsHeight, base, FIT_WIDTH, HEIGHT } from './theme.ts';

/** Rows per split as horizontal bars. */
export function rowsChart(data: DataSection): Chart {
  const title = 'Rows per split';
  return {
    id: 'data-rows',
    section: 'data',
    title,
    guide:
      'Longer bars hold more samples; validation and test should be ' +
      'large enough for stable AUC (thousands of rows).',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: bandsHeight(data.rows.length, 28),
      data: { values: data.rows },
      mark: { type: 'bar', cornerRadiusEnd: 3 },
      encoding: {
        y: { field: 'split', type: 'nominal', sort: null, title: 'Split' },
        x: {
          field: 'rows',
          type: 'quantitative',
          title: 'Samples (rows)',
          axis: { format: '~s' },
        },
        tooltip: [
          { field: 'split', title: 'Split' },
          { field: 'rows', title: 'Rows', format: ',' },
        ],
      },
    },
  };
}

/** Rows repaired or dropped while preparing, per reason. */
export function repairsChart(data: DataSection): Chart {
  const title = 'Quality repairs by reason';
  return {
    id: 'data-repairs',
    section: 'data',
    title,
    guide:
      'Each bar counts rows fixed or dropped for one reason; a long bar ' +
      'points at a problem in the raw logs worth fixing upstream.',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: bandsHeight(data.repairs.length, 24),
      data: { values: data.repairs },
      mark: { type: 'bar', cornerRadiusEnd: 3, color: '#e8833a' },
      encoding: {
        y: {
          field: 'reason',
          type: 'nominal',
          sort: '-x',
          title: 'Reason',
          axis: { labelLimit: 200 },
        },
        x: { field: 'count', type: 'quantitative', title: 'Rows (count)' },
        tooltip: [
          { field: 'reason', title: 'Reason' },
          { field: 'count', title: 'Rows', format: ',' },
        ],
      },
    },
  };
}

/** Positive rate per task and split, as grouped bars. */
export function labelRatesChart(data: DataSection): Chart {
  const values = data.tasks.flatMap((task) =>
    Object.entries(task.rate).map(([split, rate]) => ({
      task: task.name,
      split,
      rate,
    })),
  );
  const title = 'Label rate per task';
  return {
    id: 'data-labels',
    section: 'data',
    title,
    guide:
      'Bars of one task should be about equal across splits; a split ' +
      'with a different rate signals drift or a leaky split.',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: HEIGHT,
      data: { values },
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
          field: 'rate',
          type: 'quantitative',
          title: 'Positive rate (% of rows)',
          axis: { format: '.1~%' },
        },
        color: { field: 'split', sort: null, title: 'Split' },
        tooltip: [
          { field: 'task', title: 'Task' },
          { field: 'split', title: 'Split' },
          { field: 'rate', title: 'Rate', format: '.2%' },
        ],
      },
    },
  };
}
