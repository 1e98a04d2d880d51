/**
 * Turns `ReportData` into one self-contained HTML page: the charting library,
 * the chart specs with their data, the tables, the stylesheet and the page
 * script are all inlined, so the file opens offline and fetches nothing.
 */
import { chartLibraries } from './assets.ts';
import { buildCharts, type Chart } from './charts.ts';
import { CLIENT_SCRIPT } from './client.ts';
import { type ReportData, SECTIONS } from './data.ts';
import { escapeHtml, inlineScript, jsonForScript } from './html.ts';
import { SECTION_INFO, sectionHtml, sectionPresent } from './sections.ts';
import { STYLE } from './style.ts';
import { summaryHtml } from './summary.ts';
import { UsageError } from '../errors.ts';

/**
 * Nothing may be fetched: no network, no other file. Vega compiles its
 * expressions with `new Function`, hence 'unsafe-eval'.
 */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; " +
  "style-src 'unsafe-inline'; img-src data: blob:";

function nav(data: ReportData): string {
  const links = SECTIONS.map((id) => {
    const absent = sectionPresent(data, id)
      ? ''
      : ' class="absent" title="not run yet"';
    const heading = SECTION_INFO[id].heading;
    return `<li><a href="#${id}"${absent}>${heading}</a></li>`;
  });
  return `<nav class="sections"><ul>${links.join('')}</ul></nav>`;
}

function header(data: ReportData): string {
  const facts = ['Winnow report'];
  if (data.data) facts.push(`dataset ${data.data.name}`);
  if (data.model) facts.push(`model ${data.model.arch}`);
  if (data.generated) facts.push(`gathered ${data.generated}`);
  return (
    `<header class="top"><div class="wrap">` +
    `<h1>${escapeHtml(data.title)}</h1>` +
    `<p>${escapeHtml(facts.join(' · '))}</p>` +
    `</div></header>`
  );
}

function scripts(charts: Chart[]): string {
  const specs = charts.map((c) => ({ id: c.id, spec: c.spec }));
  const libraries = chartLibraries().map((s) => `<script>${s}</script>`);
  return [
    ...libraries,
    `<script type="application/json" id="winnow-charts">` +
      `${jsonForScript(specs)}</script>`,
    `<script>${inlineScript(CLIENT_SCRIPT)}</script>`,
  ].join('\n');
}

/**
 * The report as one HTML document. Sections absent from `data` show a note
 * naming the command that fills them. The output depends only on `data`
 * (and the installed charting library), so the same data gives the same
 * bytes.
 */
export function renderReport(data: ReportData): string {
  if (typeof data?.title !== 'string') {
    throw new UsageError(
      'renderReport() expects ReportData with a string `title`; ' +
        `got ${typeof data?.title}. Build it with gatherReport(runDir).`,
    );
  }
  const charts = buildCharts(data);
  const sections = SECTIONS.map((id) =>
    sectionHtml(
      data,
      id,
      charts.filter((c) => c.section === id),
    ),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(data.title)} · Winnow report</title>
<style>${STYLE}</style>
</head>
<body>
${header(data)}
${nav(data)}
<main class="wrap">
${summaryHtml(data)}
${sections.join('\n')}
<footer>Made by <code>winnow report</code>. This file is self-contained
and works offline.</footer>
</main>
${scripts(charts)}
</body>
</html>
`;
}
