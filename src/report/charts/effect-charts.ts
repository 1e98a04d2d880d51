/** Charts of the data-optimization experiment: pruning curves, time. */
import type { EffectSection } from '../data.ts';
import type { Chart } from './chart.ts';
import { BASELINE, base, FIT_WIDTH, HEIGHT, PALETTE } from './theme.ts';

/** The scorer every curve is compared with. */
export const RANDOM = 'random';

/** Scorers in legend order (random last) and their colours (random grey). */
export function scorerColors(scorers: Iterable<string>): {
  domain: string[];
  range: string[];
} {
  const names = [...new Set(scorers)].sort();
  const domain = names.filter((s) => s !== RANDOM);
  const range = domain.map((_, i) => PALETTE[i % (PALETTE.length - 1)]);
  if (names.includes(RANDOM)) {
    domain.push(RANDOM);
    range.push(BASELINE);
  }
  return { domain, range };
}

const KEEP_AXIS = {
  field: 'keep',
  type: 'quantitative' as const,
  title: 'Training rows kept (% of all)',
  axis: { format: '~%' },
};

/** AUC against fraction kept per scorer, with the min–max over seeds. */
export function pruningChart(effect: EffectSection): Chart {
  const fullAuc = new Map(effect.fullData.map((f) => [f.task, f.auc]));
  const values = effect.curves.map((p) => ({
    ...p,
    fullAuc: fullAuc.get(p.task) ?? null,
  }));
  const colors = scorerColors(effect.curves.map((p) => p.scorer));
  const color = {
    field: 'scorer',
    type: 'nominal' as const,
    title: 'Scorer',
    scale: colors,
    legend: { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3 },
  };
  const title = 'Pruning curves: test AUC against data kept';
  return {
    id: 'effect-pruning',
    section: 'effect',
    title,
    wide: true,
    guide:
      'A scorer beats random when its line lies above the grey one; bands ' +
      'span the seeds, the dashed line is the model trained on all rows.',
    spec: {
      ...base(title),
      data: { values },
      facet: {
        column: {
          field: 'task',
          type: 'nominal',
          sort: null,
          title: null,
          header: { labelFontWeight: 600 },
        },
      },
      spec: {
        width: 380,
        height: HEIGHT + 40,
        layer: [
          {
            mark: { type: 'area', opacity: 0.16 },
            encoding: {
              x: KEEP_AXIS,
              y: {
                aggregate: 'min',
                field: 'auc',
                type: 'quantitative',
                title: 'Test AUC (0–1, higher is better)',
                scale: { zero: false },
              },
              y2: { aggregate: 'max', field: 'auc' },
              color,
            },
          },
          {
            mark: { type: 'line', point: { size: 30 } },
            encoding: {
              x: KEEP_AXIS,
              y: {
                aggregate: 'mean',
                field: 'auc',
                type: 'quantitative',
                title: 'Test AUC (0–1, higher is better)',
              },
              color,
              strokeDash: {
                condition: {
                  test: `datum.scorer === '${RANDOM}'`,
                  value: [4, 3],
                },
                value: [1, 0],
              },
              tooltip: [
                { field: 'scorer', title: 'Scorer' },
                { field: 'keep', title: 'Kept', format: '.0%' },
                {
                  aggregate: 'mean',
                  field: 'auc',
                  title: 'Mean AUC',
                  format: '.4f',
                },
                { aggregate: 'count', title: 'Seeds' },
              ],
            },
          },
          {
            mark: { type: 'rule', strokeDash: [6, 4], color: '#3e4c59' },
            encoding: {
              y: {
                aggregate: 'mean',
                field: 'fullAuc',
                type: 'quantitative',
                title: 'Test AUC (0–1, higher is better)',
              },
            },
          },
        ],
      },
    },
  };
}

/** Training time saved against fraction kept, per scorer. */
export function timeSavedRows(
  effect: EffectSection,
): { scorer: string; keep: number; seconds: number; saved: number }[] {
  const fullTimes = effect.fullData.map((f) => f.seconds);
  const full = fullTimes.length
    ? fullTimes.reduce((a, b) => a + b, 0) / fullTimes.length
    : NaN;
  const groups = new Map<
    string,
    { scorer: string; keep: number; s: number[] }
  >();
  for (const p of effect.curves) {
    const key = `${p.scorer}\u0000${p.keep}`;
    const g = groups.get(key) ?? { scorer: p.scorer, keep: p.keep, s: [] };
    g.s.push(p.seconds);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ scorer, keep, s }) => {
    const seconds = s.reduce((a, b) => a + b, 0) / s.length;
    return { scorer, keep, seconds, saved: 1 - seconds / full };
  });
}

export function timeSavedChart(effect: EffectSection): Chart {
  const values = timeSavedRows(effect);
  const relative = values.every((v) => Number.isFinite(v.saved));
  const colors = scorerColors(values.map((v) => v.scorer));
  const title = relative
    ? 'Training time saved against data kept'
    : 'Training time against data kept';
  return {
    id: 'effect-time',
    section: 'effect',
    title,
    guide: relative
      ? 'Taller bars save more of the full-data training time; read them ' +
        'with the AUC lost at the same fraction kept, above.'
      : 'Height is the mean training time; runs on less data should be ' +
        'proportionally faster.',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        x: {
          field: 'keep',
          type: 'ordinal',
          title: 'Training rows kept (% of all)',
          axis: { format: '~%', labelAngle: 0 },
        },
        xOffset: { field: 'scorer', sort: colors.domain },
        y: relative
          ? {
              field: 'saved',
              type: 'quantitative',
              title: 'Time saved (% of full-data training)',
              axis: { format: '~%' },
            }
          : {
              field: 'seconds',
              type: 'quantitative',
              title: 'Training time (s)',
            },
        color: {
          field: 'scorer',
          type: 'nominal',
          title: 'Scorer',
          scale: colors,
        },
        tooltip: [
          { field: 'scorer', title: 'Scorer' },
          { field: 'keep', title: 'Kept', format: '.0%' },
          { field: 'seconds', title: 'Seconds', format: '.1f' },
          { field: 'saved', title: 'Saved', format: '.0%' },
        ],
      },
    },
  };
}
