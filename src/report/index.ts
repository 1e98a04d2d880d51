/**
 * The HTML report: `gatherReport` reads a run directory into `ReportData`
 * (I/O), `renderReport` turns that into one self-contained page (pure).
 */
import { gatherReport, type GatherOptions } from './gather.ts';
import { renderReport } from './render.ts';

export { gatherReport, type GatherOptions } from './gather.ts';
export { renderReport } from './render.ts';
export { buildCharts, type Chart } from './charts.ts';
export type * from './data.ts';

/** The report of the run in `runDir` as one HTML document. */
export async function reportHtml(
  runDir: string,
  options: GatherOptions = {},
): Promise<string> {
  return renderReport(await gatherReport(runDir, options));
}
