/**
 * A chart of the report: a Vega-Lite spec plus what the page shows around
 * it. Specs are built by pure functions of `ReportData`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SectionId } from '../data.ts';

export interface Chart {
  /** Unique DOM id of the chart's container. */
  id: string;
  section: SectionId;
  /** The chart's title (also the spec's title). */
  title: string;
  /** One line under the chart saying how to read it. */
  guide: string;
  /** True when the chart needs the page's full width. */
  wide?: boolean;
  spec: TopLevelSpec;
}
