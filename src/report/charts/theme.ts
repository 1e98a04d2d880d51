/**
 * The look shared by every chart: fonts, colours and sizes that match the
 * page's stylesheet.
 */
import type { Config } from 'vega-lite';

/**
 * Height of a bar chart with `bands` bars of `step` pixels each, at least
 * `min` (room for a long rotated axis title). Fixed heights rather than
 * Vega-Lite steps, which do not mix with `FIT_WIDTH`.
 */
export function bandsHeight(bands: number, step: number, min = 0): number {
  return Math.max(min, step, bands * step);
}

/**
 * Sizing for a chart as wide as its card (the page sizes cards): fit the
 * width, keep the height as the spec sets it.
 */
export const FIT_WIDTH = {
  width: 'container' as const,
  autosize: { type: 'fit-x' as const, contains: 'padding' as const },
};
/** Height of an ordinary chart, in CSS pixels. */
export const HEIGHT = 240;

/** Ink and accent colours. */
export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const ACCENT = '#2f6fdf';
export const WARN = '#d64545';
export const BASELINE = '#9aa5b1';

/** Categorical palette: distinguishable and colour-blind friendly. */
export const PALETTE = [
  '#2f6fdf',
  '#e8833a',
  '#2a9d8f',
  '#c2417d',
  '#8a6fdf',
  '#8c6d31',
  '#5fa8d3',
  '#9aa5b1',
];

const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", ' +
  'Arial, sans-serif';

export const CONFIG: Config = {
  font: FONT,
  background: 'transparent',
  padding: 4,
  view: { stroke: 'transparent' },
  title: {
    anchor: 'start',
    fontSize: 14,
    fontWeight: 600,
    color: INK,
    offset: 10,
  },
  axis: {
    labelColor: MUTED,
    titleColor: INK,
    titleFontWeight: 500,
    labelFontSize: 11,
    titleFontSize: 12,
    gridColor: '#e4e7eb',
    domainColor: '#9aa5b1',
    tickColor: '#9aa5b1',
  },
  legend: {
    labelColor: MUTED,
    titleColor: INK,
    titleFontWeight: 500,
    orient: 'bottom',
    direction: 'horizontal',
  },
  header: { labelColor: INK, labelFontSize: 12, titleColor: INK },
  range: { category: PALETTE },
  bar: { color: ACCENT },
  line: { color: ACCENT, strokeWidth: 2 },
  point: { color: ACCENT },
  rect: { color: ACCENT },
};

/**
 * The top-level properties every spec shares. No `$schema` URL: the page
 * embeds specs as Vega-Lite explicitly and must not name remote resources.
 */
export function base(title: string): { title: string; config: Config } {
  return { title, config: CONFIG };
}
