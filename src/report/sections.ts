/** The HTML of each report section: its charts, tables or a note. */
import type { Chart } from './charts.ts';
import type { ReportData, SectionId } from './data.ts';
import { escapeHtml } from './html.ts';
import { metricsTable, samplesTable, segmentsTable } from './tables.ts';

/** Heading, one-line lead and the command that fills each section. */
export const SECTION_INFO: Record<
  SectionId,
  { heading: string; lead: string; command: string }
> = {
  data: {
    heading: 'Data',
    lead:
      'The prepared dataset: how big each split is, what was repaired, ' +
      'how often each label fires.',
    command: 'winnow prepare',
  },
  model: {
    heading: 'Model',
    lead: 'How well the multi-task model ranks and how it learnt.',
    command: 'winnow train',
  },
  importance: {
    heading: 'Importance',
    lead:
      'How much each training sample matters, and where the important ' +
      'and the suspect samples are.',
    command: 'winnow score',
  },
  effect: {
    heading: 'Effect',
    lead:
      'What training on the most important samples only does to ' +
      'accuracy and time.',
    command: 'winnow experiment',
  },
  samples: {
    heading: 'Samples',
    lead:
      'The most and the least important training samples. Click a ' +
      'header to sort.',
    command: 'winnow score',
  },
  users: {
    heading: 'Users',
    lead: 'Groups of users with similar behaviour and how large they are.',
    command: 'winnow segments',
  },
};

/** Whether the section has anything to show. */
export function sectionPresent(data: ReportData, id: SectionId): boolean {
  return data[id] !== undefined;
}

function notRun(id: SectionId): string {
  const { command } = SECTION_INFO[id];
  return (
    `<p class="note">Not run yet: run <code>${escapeHtml(command)}</code> ` +
    `(or <code>winnow demo</code> for every stage), then rebuild this ` +
    `report.</p>`
  );
}

function figure(chart: Chart): string {
  const cls = chart.wide ? 'chart wide' : 'chart';
  return (
    `<figure class="${cls}">` +
    `<div id="${escapeHtml(chart.id)}" class="vega" ` +
    `role="img" aria-label="${escapeHtml(chart.title)}"></div>` +
    `<figcaption>${escapeHtml(chart.guide)}</figcaption></figure>`
  );
}

function card(inner: string, wide = true): string {
  return `<div class="card${wide ? ' wide' : ''}">${inner}</div>`;
}

/** The tables that go with the section's charts. */
function sectionTables(data: ReportData, id: SectionId): string[] {
  if (id === 'model' && data.model?.metrics.length) {
    return [card(metricsTable(data.model))];
  }
  if (id === 'samples' && data.samples) {
    return [card(samplesTable(data.samples))];
  }
  if (id === 'users' && data.users?.segments.length) {
    return [card(segmentsTable(data.users), false)];
  }
  return [];
}

/** One `<section>` of the page. */
export function sectionHtml(
  data: ReportData,
  id: SectionId,
  charts: Chart[],
): string {
  const info = SECTION_INFO[id];
  const items = [...charts.map(figure), ...sectionTables(data, id)];
  const body = !sectionPresent(data, id)
    ? notRun(id)
    : items.length
      ? `<div class="grid">${items.join('\n')}</div>`
      : `<p class="note">This stage ran but wrote nothing to show here.</p>`;
  return (
    `<section class="report" id="${id}">` +
    `<h2>${info.heading}</h2><p class="lead">${escapeHtml(info.lead)}</p>` +
    `${body}</section>`
  );
}
