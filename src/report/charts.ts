/**
 * Every chart of the report, built from `ReportData` by pure functions. A
 * section that is absent, or whose data is empty, yields no chart.
 */
import type { ReportData, SectionId } from './data.ts';
import type { Chart } from './charts/chart.ts';
import {
  labelRatesChart,
  repairsChart,
  rowsChart,
} from './charts/data-charts.ts';
import { pruningChart, timeSavedChart } from './charts/effect-charts.ts';
import {
  byCategoryChart,
  byItemPopularityChart,
  byUserActivityChart,
  cartographyChart,
  distributionChart,
  noiseVsLabelChart,
} from './charts/importance-charts.ts';
import { learningCurvesChart, metricsChart } from './charts/model-charts.ts';
import { segmentsChart } from './charts/users-charts.ts';

export type { Chart } from './charts/chart.ts';

/** Adds `make()` to `out` when `present` holds. */
function add(out: Chart[], present: boolean, make: () => Chart): void {
  if (present) out.push(make());
}

/** The charts of one section, in page order. */
export function sectionCharts(data: ReportData, id: SectionId): Chart[] {
  const out: Chart[] = [];
  const { data: d, model: m, importance: i, effect: e, users: u } = data;
  switch (id) {
    case 'data':
      if (!d) break;
      add(out, d.rows.length > 0, () => rowsChart(d));
      add(out, d.tasks.length > 0, () => labelRatesChart(d));
      add(out, d.repairs.length > 0, () => repairsChart(d));
      break;
    case 'model':
      if (!m) break;
      add(out, m.metrics.length > 0, () => metricsChart(m));
      add(out, m.history.length > 0, () => learningCurvesChart(m));
      break;
    case 'importance':
      if (!i) break;
      add(out, Object.keys(i.methods).length > 0, () => distributionChart(i));
      add(out, i.byCategory.length > 0, () => byCategoryChart(i));
      add(out, i.byUserActivity.length > 0, () => byUserActivityChart(i));
      add(out, i.byItemPopularity.length > 0, () => byItemPopularityChart(i));
      add(out, i.noiseVsLabel.length > 0, () => noiseVsLabelChart(i));
      add(out, i.cartography.length > 0, () => cartographyChart(i));
      break;
    case 'effect':
      if (!e) break;
      add(out, e.curves.length > 0, () => pruningChart(e));
      add(out, e.curves.length > 0, () => timeSavedChart(e));
      break;
    case 'users':
      if (!u) break;
      add(out, u.segments.length > 0, () => segmentsChart(u));
      break;
    case 'samples':
      break;
  }
  return out;
}

/** All charts of the report, in page order. */
export function buildCharts(data: ReportData): Chart[] {
  const ids: SectionId[] = ['data', 'model', 'importance', 'effect', 'users'];
  return ids.flatMap((id) => sectionCharts(data, id));
}
