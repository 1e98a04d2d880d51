/**
 * Plain-text tables of the applications' results, for the CLI. Pure:
 * results in, text out.
 */
import type { Evaluation, ListMetrics } from './evaluate.ts';
import type { GradedEvaluation } from './graded.ts';
import type { UserProfile } from './profile.ts';
import type { RankedItem } from './rank.ts';
import type { Segment } from './segments.ts';

/** Left-aligned columns separated by two spaces; the first row is a head. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map((r) => (r[c] ?? '').length)),
  );
  return rows
    .map((r) =>
      r
        .map((v, c) => v.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Rank, item, score and per-task probabilities, with cold items marked. */
export function rankedTable(items: (RankedItem & { sources?: string[] })[]) {
  const tasks = Object.keys(items[0]?.probs ?? {});
  const head = ['#', 'item', 'score', ...tasks.map((t) => `p(${t})`)];
  const withSources = items.some((i) => i.sources);
  if (withSources) head.push('sources');
  const rows = items.map((it, i) => [
    `${i + 1}`,
    it.known ? it.item : `${it.item} (unknown)`,
    f4(it.score),
    ...tasks.map((t) => f4(it.probs[t])),
    ...(withSources ? [(it.sources ?? []).join(',')] : []),
  ]);
  return textTable([head, ...rows]);
}

export function profileTable(p: UserProfile): string {
  const a = p.activity;
  const lines = [
    ['user', p.known ? p.user : `${p.user} (unknown: cold profile)`],
    ['exposures', `${a.exposures}`],
    ...Object.entries(a.positives).map(([t, n]) => [t, `${n}`]),
    ['active days', `${a.activeDays}`],
    ['first seen', a.firstSeen ?? '-'],
    ['last seen', a.lastSeen ?? '-'],
    ['recency (days)', p.rfm.recencyDays?.toFixed(2) ?? '-'],
    ['frequency', `${p.rfm.frequency}`],
    ['monetary', p.rfm.monetary?.toFixed(2) ?? '-'],
    ['conversion propensity', f4(p.propensity)],
  ];
  const tags = p.tags.map((t) => [t.attribute, t.value, pct(t.weight)]);
  return [
    textTable([['figure', 'value'], ...lines]),
    '',
    tags.length
      ? textTable([['attribute', 'interest tag', 'weight'], ...tags])
      : '(no interest tags)',
  ].join('\n');
}

export function segmentsTable(segments: Segment[]): string {
  const head = ['segment', 'users', 'share', 'engage', 'convert', 'top'];
  const rows = segments.map((s) => [
    s.name,
    `${s.users}`,
    pct(s.share),
    pct(s.engagementRate),
    pct(s.conversionRate),
    s.topCategories.map((c) => `${c.value} ${pct(c.share)}`).join(', '),
  ]);
  return textTable([head, ...rows]);
}

export function evaluationTable(e: Evaluation): string {
  const row = (name: string, m: ListMetrics) => [
    name,
    f4(m.ndcg10),
    f4(m.recall20),
    f4(m.hit10),
    f4(m.mrr),
  ];
  return textTable([
    ['ranker', 'NDCG@10', 'Recall@20', 'HitRate@10', 'MRR'],
    row('model', e.model),
    row('popularity', e.popularity),
  ]);
}

/** Mean NDCG@k per ranker of a graded evaluation, with the query counts. */
export function gradedTable(e: GradedEvaluation): string {
  const table = textTable([
    ['ranker', `NDCG@${e.k}`, 'std. error'],
    ['model', f4(e.model), f4(e.stderr.model)],
    ['popularity', f4(e.popularity), f4(e.stderr.popularity)],
    ['random', f4(e.random), f4(e.stderr.random)],
  ]);
  const lift = (x: { mean: number; stderr: number }) =>
    `${x.mean >= 0 ? '+' : ''}${f4(x.mean)} ± ${f4(x.stderr)}`;
  return (
    `${table}\nmodel - popularity ${lift(e.lift.popularity)}, ` +
    `model - random ${lift(e.lift.random)} (paired per query)` +
    `\n(${e.queries} test queries with >= 2 products, graded by ` +
    `"${e.column}" - ${e.gainOffset}; left out: ${e.single} with one ` +
    `product, ${e.noGain} with no relevant product)`
  );
}
