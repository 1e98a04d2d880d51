/** The report's stylesheet: light, quiet, readable at a glance. */
export const STYLE = `
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa;
  --card: #ffffff; --accent: #2f6fdf; --accent-soft: #e6efff;
  --warn-soft: #fff4e5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto,
    "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
header.top {
  background: #102a43; color: #f0f4f8; padding: 28px 0 20px;
}
header.top h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; }
header.top p { margin: 0; color: #bcccdc; font-size: 14px; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
nav.sections {
  position: sticky; top: 0; z-index: 10; background: #ffffffee;
  backdrop-filter: blur(6px); border-bottom: 1px solid var(--line);
}
nav.sections ul {
  display: flex; gap: 4px; list-style: none; margin: 0 auto;
  padding: 8px 24px; max-width: 1120px; flex-wrap: wrap;
}
nav.sections a {
  display: block; padding: 5px 12px; border-radius: 999px;
  color: var(--muted); text-decoration: none; font-size: 14px;
}
nav.sections a:hover { background: var(--accent-soft); color: var(--accent); }
nav.sections a.absent { opacity: 0.55; }
section.report { padding: 28px 0 8px; scroll-margin-top: 52px; }
section.report > h2 { font-size: 20px; margin: 0 0 2px; }
section.report > p.lead { margin: 0 0 16px; color: var(--muted); }
.summary {
  display: grid; gap: 12px; margin: 20px 0 0;
  grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
}
.summary div {
  background: var(--card); border: 1px solid var(--line);
  border-radius: 10px; padding: 10px 14px;
}
.summary b { display: block; font-size: 20px; font-weight: 650; }
.summary span { color: var(--muted); font-size: 13px; }
.grid {
  display: grid; gap: 16px; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
}
figure.chart, .card {
  margin: 0; background: var(--card); border: 1px solid var(--line);
  border-radius: 12px; padding: 16px 18px 12px; overflow-x: auto;
  box-shadow: 0 1px 2px #102a430d;
}
figure.chart.wide, .card.wide { grid-column: 1 / -1; }
div.vega { width: 100%; }
figure.chart.wide div.vega { width: auto; }
table.data td.wrap { white-space: normal; min-width: 160px; }
figure.chart figcaption {
  margin-top: 8px; padding-top: 8px; border-top: 1px dashed var(--line);
  color: var(--muted); font-size: 13px;
}
figure.chart figcaption::before { content: "How to read: "; font-weight: 600; }
.note {
  background: var(--warn-soft); border: 1px solid #f7d9a8;
  border-radius: 10px; padding: 12px 16px; color: #7c5e10;
}
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.92em; background: #eef1f4; padding: 1px 5px;
  border-radius: 4px;
}
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td {
  padding: 6px 10px; border-bottom: 1px solid var(--line);
  text-align: left; white-space: nowrap;
}
table.data td.num, table.data th.num {
  text-align: right; font-variant-numeric: tabular-nums;
}
table.data thead th {
  position: sticky; top: 0; background: #f0f4f8; font-weight: 600;
}
table.data tbody tr:nth-child(even) { background: #fafbfc; }
table.data tbody tr:hover { background: var(--accent-soft); }
table.sortable thead th { cursor: pointer; user-select: none; }
table.sortable thead th::after { content: " ↕"; color: #9aa5b1; }
table.sortable thead th[aria-sort="ascending"]::after {
  content: " ▲"; color: var(--accent);
}
table.sortable thead th[aria-sort="descending"]::after {
  content: " ▼"; color: var(--accent);
}
.scroll { max-height: 520px; overflow: auto; border-radius: 8px; }
.toolbar {
  display: flex; gap: 12px; align-items: center; margin-bottom: 10px;
  flex-wrap: wrap;
}
.toolbar input {
  flex: 1 1 280px; padding: 8px 12px; font-size: 14px;
  border: 1px solid #cbd2d9; border-radius: 8px; outline: none;
}
.toolbar input:focus {
  border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft);
}
.toolbar .count { color: var(--muted); font-size: 13px; }
span.tag {
  display: inline-block; padding: 0 8px; border-radius: 999px;
  font-size: 12px; background: #eef1f4;
}
span.tag.top { background: #e3f8ec; color: #1e6b45; }
span.tag.bottom { background: #fde8e8; color: #9b2c2c; }
footer { color: var(--muted); font-size: 13px; padding: 32px 0 40px; }
.chart-error { color: #9b2c2c; }
@media (max-width: 640px) {
  .grid { grid-template-columns: 1fr; }
}
`;
