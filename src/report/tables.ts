/** HTML tables of the report: metrics, samples and segments. */
import type { ModelSection, SamplesSection, UsersSection } from './data.ts';
import { escapeHtml } from './html.ts';

export type Cell = string | number | null | undefined;

export interface TableOptions {
  id: string;
  columns: string[];
  rows: Cell[][];
  sortable?: boolean;
  /** Columns whose text may wrap onto several lines. */
  wrap?: string[];
}

/** A number as people read it: integers whole, others to 4 significant. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

function cell(v: Cell, column: string, wrap: boolean): string {
  if (typeof v === 'number') {
    return `<td class="num" data-v="${v}">${formatNumber(v)}</td>`;
  }
  const text = escapeHtml(v ?? '');
  if (column === 'group' && (v === 'top' || v === 'bottom')) {
    return `<td><span class="tag ${v}">${text}</span></td>`;
  }
  return wrap ? `<td class="wrap">${text}</td>` : `<td>${text}</td>`;
}

/** Whether most of a column's values are numbers (to right-align it). */
function numericColumn(rows: Cell[][], col: number): boolean {
  let numbers = 0;
  for (const r of rows) if (typeof r[col] === 'number') numbers++;
  return numbers * 2 > rows.length;
}

/** A table; `sortable` ones get clickable headers from the page script. */
export function tableHtml(o: TableOptions): string {
  const heads = o.columns
    .map((c, i) => {
      const cls = numericColumn(o.rows, i) ? ' class="num"' : '';
      return `<th scope="col"${cls}>${escapeHtml(c)}</th>`;
    })
    .join('');
  const wrap = o.columns.map((c) => o.wrap?.includes(c) ?? false);
  const body = o.rows
    .map((r) => {
      const cells = o.columns.map((c, i) => cell(r[i], c, wrap[i]));
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const cls = o.sortable ? 'data sortable' : 'data';
  return (
    `<table id="${escapeHtml(o.id)}" class="${cls}">` +
    `<thead><tr>${heads}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`
  );
}

/** The model's metrics, one row per task and split. */
export function metricsTable(model: ModelSection): string {
  return tableHtml({
    id: 'model-metrics-table',
    columns: ['task', 'split', 'AUC ↑', 'GAUC ↑', 'log loss ↓', 'calib. →1'],
    rows: model.metrics.map((m) => [
      m.task,
      m.split,
      m.auc,
      m.gauc,
      m.logloss,
      m.calibration,
    ]),
    sortable: true,
  });
}

/** The samples table with its filter box and row counter. */
export function samplesTable(samples: SamplesSection): string {
  const id = 'samples-table';
  const input =
    `<input id="samples-filter" type="search" data-filter="${id}" ` +
    `placeholder="Filter rows: type words that must all appear, e.g. ` +
    `top click" aria-label="Filter the samples table">`;
  const count =
    `<span class="count" id="samples-filter-count">` +
    `${samples.rows.length} of ${samples.rows.length} rows</span>`;
  return (
    `<div class="toolbar">${input}${count}</div>` +
    `<div class="scroll">` +
    tableHtml({
      id,
      columns: samples.columns,
      rows: samples.rows,
      sortable: true,
    }) +
    `</div>`
  );
}

/** The user segments with their top categories and conversion. */
export function segmentsTable(users: UsersSection): string {
  return tableHtml({
    id: 'users-table',
    columns: ['segment', 'users', 'conversion (%)', 'top categories'],
    rows: users.segments.map((s) => [
      s.name,
      s.size,
      Math.round(s.conversion * 10000) / 100,
      s.topCategories.join(', '),
    ]),
    sortable: true,
    wrap: ['top categories'],
  });
}
