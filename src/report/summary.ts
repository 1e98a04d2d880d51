/** The headline numbers shown under the page title. */
import { RANDOM } from './charts/effect-charts.ts';
import type { EffectSection, ReportData } from './data.ts';
import { escapeHtml } from './html.ts';

export interface Headline {
  /** The number, formatted. */
  value: string;
  /** What it is, with its unit. */
  label: string;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Mean AUC gain of the best scorer over random, across every run. */
function bestScorer(effect: EffectSection): Headline | undefined {
  const byScorer = new Map<string, number[]>();
  for (const p of effect.curves) {
    byScorer.set(p.scorer, [...(byScorer.get(p.scorer) ?? []), p.auc]);
  }
  const random = byScorer.get(RANDOM);
  byScorer.delete(RANDOM);
  if (!random || byScorer.size === 0) return undefined;
  const [name, aucs] = [...byScorer].sort((a, b) => mean(b[1]) - mean(a[1]))[0];
  const gain = mean(aucs) - mean(random);
  return {
    value: `${gain >= 0 ? '+' : ''}${gain.toFixed(4)}`,
    label: `AUC gain of ${name} over random`,
  };
}

/** The headline numbers available in `data`, in display order. */
export function headlines(data: ReportData): Headline[] {
  const out: Headline[] = [];
  if (data.data) {
    const rows = data.data.rows.reduce((a, r) => a + r.rows, 0);
    out.push({ value: rows.toLocaleString('en-US'), label: 'samples (rows)' });
    out.push({ value: String(data.data.tasks.length), label: 'tasks' });
  }
  if (data.model) {
    out.push({ value: data.model.arch, label: 'architecture' });
    for (const m of data.model.metrics.filter((x) => x.split === 'test')) {
      out.push({ value: m.auc.toFixed(4), label: `test AUC, ${m.task}` });
    }
  }
  const best = data.effect && bestScorer(data.effect);
  if (best) out.push(best);
  return out;
}

/** The headline strip as HTML ('' when there is nothing to show). */
export function summaryHtml(data: ReportData): string {
  const items = headlines(data).map(
    (h) =>
      `<div><b>${escapeHtml(h.value)}</b>` +
      `<span>${escapeHtml(h.label)}</span></div>`,
  );
  return items.length ? `<div class="summary">${items.join('')}</div>` : '';
}
