/** Charts of sample importance: distributions, breakdowns, cartography. */
import type {
  CartographyPoint,
  GroupMean,
  ImportanceSection,
} from '../data.ts';
import { histogram } from '../histogram.ts';
import type { Chart } from './chart.ts';
import { bandsHeight, base, FIT_WIDTH, HEIGHT, WARN } from './theme.ts';

/** Bins per method's histogram. */
const BINS = 30;
/** Height that fits a bucket chart's long rotated axis title, pixels. */
const LONG_TITLE_HEIGHT = 190;
/** Categories shown, the most frequent first. */
const TOP_CATEGORIES = 20;

/** Histogram per method, each over its own range. */
export function distributionChart(imp: ImportanceSection): Chart {
  const values = Object.entries(imp.methods).flatMap(([method, scores]) =>
    histogram(scores, BINS).map((b) => ({ method, ...b })),
  );
  const title = 'Importance distribution per method';
  return {
    id: 'importance-distribution',
    section: 'importance',
    title,
    wide: true,
    guide:
      'Each panel is one method on its own scale; a long right tail means ' +
      'a few samples dominate, a spike at zero means many samples add ' +
      'little.',
    spec: {
      ...base(title),
      data: { values },
      columns: 3,
      facet: {
        field: 'method',
        type: 'nominal',
        title: null,
        header: { labelFontWeight: 600 },
      },
      spec: {
        width: 250,
        height: 140,
        mark: { type: 'bar', binSpacing: 0 },
        encoding: {
          x: {
            field: 'start',
            type: 'quantitative',
            bin: { binned: true },
            title: "Importance (method's own units)",
            axis: { format: '~g', labelOverlap: true },
          },
          x2: { field: 'end' },
          y: {
            field: 'share',
            type: 'quantitative',
            title: 'Samples (% of scored)',
            axis: { format: '~%' },
          },
          tooltip: [
            { field: 'start', title: 'From', format: '.4~g' },
            { field: 'end', title: 'To', format: '.4~g' },
            { field: 'count', title: 'Samples', format: ',' },
          ],
        },
      },
      resolve: { scale: { x: 'independent', y: 'independent' } },
    },
  };
}

interface GroupChartOptions {
  id: string;
  title: string;
  groupTitle: string;
  guide: string;
  /** Keep the given order (buckets) instead of sorting by mean. */
  ordered: boolean;
}

/** Mean importance per group as bars, shaded by group size. */
function groupChart(
  imp: ImportanceSection,
  groups: GroupMean[],
  o: GroupChartOptions,
): Chart {
  return {
    id: o.id,
    section: 'importance',
    title: o.title,
    guide: o.guide,
    spec: {
      ...base(o.title),
      ...FIT_WIDTH,
      height: o.ordered
        ? bandsHeight(groups.length, 30, LONG_TITLE_HEIGHT)
        : bandsHeight(groups.length, 16),
      data: { values: groups },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: {
          field: 'group',
          type: 'nominal',
          sort: o.ordered ? null : '-x',
          title: o.groupTitle,
          axis: { labelLimit: 160 },
        },
        x: {
          field: 'mean',
          type: 'quantitative',
          title: `Mean importance (${imp.primary}, score units)`,
        },
        opacity: {
          field: 'n',
          type: 'quantitative',
          title: 'Samples (count)',
          scale: { range: [0.35, 1] },
          legend: { format: '~s' },
        },
        tooltip: [
          { field: 'group', title: o.groupTitle },
          { field: 'mean', title: 'Mean importance', format: '.4~g' },
          { field: 'n', title: 'Samples', format: ',' },
        ],
      },
    },
  };
}

export function byCategoryChart(imp: ImportanceSection): Chart {
  const top = [...imp.byCategory]
    .sort((a, b) => b.n - a.n)
    .slice(0, TOP_CATEGORIES);
  return groupChart(imp, top, {
    id: 'importance-category',
    title: `Importance by item category (top ${top.length} by size)`,
    groupTitle: 'Category',
    guide:
      'Longer bars are categories whose samples matter more to the model; ' +
      'pale bars are small categories, so read them with care.',
    ordered: false,
  });
}

export function byUserActivityChart(imp: ImportanceSection): Chart {
  return groupChart(imp, imp.byUserActivity, {
    id: 'importance-user-activity',
    title: 'Importance by user activity',
    groupTitle: 'Activity (events per user)',
    guide:
      'Compares light and heavy users; if heavy users dominate, pruning ' +
      'by importance may starve the model of newcomers.',
    ordered: true,
  });
}

export function byItemPopularityChart(imp: ImportanceSection): Chart {
  return groupChart(imp, imp.byItemPopularity, {
    id: 'importance-item-popularity',
    title: 'Importance by item popularity',
    groupTitle: 'Popularity (rows per item)',
    guide:
      'Compares head and tail items; high importance in the tail means ' +
      'rare items carry signal worth keeping.',
    ordered: true,
  });
}

/** Noise score of positives and negatives, per task, as box plots. */
export function noiseVsLabelChart(imp: ImportanceSection): Chart {
  const title = 'Noise score against label';
  return {
    id: 'importance-noise',
    section: 'importance',
    title,
    guide:
      'Label 1 is a positive, 0 a negative; boxes hold the middle half of ' +
      'the samples. Positives with high noise ' +
      'are likely false clicks or purchases, negatives likely missed ones.',
    spec: {
      ...base(title),
      data: { values: imp.noiseVsLabel },
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
        width: 160,
        height: HEIGHT,
        mark: { type: 'boxplot', extent: 1.5, size: 36 },
        encoding: {
          x: {
            field: 'label',
            type: 'nominal',
            title: 'Label (0 / 1)',
            axis: { labelAngle: 0 },
          },
          y: {
            field: 'noise',
            type: 'quantitative',
            title: 'Noise score (0–1, higher = more suspect)',
          },
          color: {
            field: 'label',
            type: 'nominal',
            legend: null,
          },
        },
      },
    },
  };
}

/** Names of the three regions of a cartography map, placed in the plot. */
function regions(
  points: CartographyPoint[],
): { variability: number; confidence: number; text: string }[] {
  let max = 0;
  for (const p of points) max = Math.max(max, p.variability);
  const right = Math.max(max, 0.1) * 0.7;
  return [
    { variability: 0.005, confidence: 0.97, text: 'easy to learn' },
    { variability: right, confidence: 0.55, text: 'ambiguous' },
    { variability: 0.005, confidence: 0.03, text: 'hard to learn' },
  ];
}

/** Confidence against variability, coloured by correctness. */
export function cartographyChart(imp: ImportanceSection): Chart {
  const title = 'Dataset cartography';
  const noisy = imp.cartography.filter((p) => p.noisy === true);
  const x = {
    field: 'variability',
    type: 'quantitative' as const,
    title: 'Variability (std of p(true label) over epochs, 0–0.5)',
    scale: { domainMin: 0 },
    axis: { tickCount: 8 },
  };
  const y = {
    field: 'confidence',
    type: 'quantitative' as const,
    title: 'Confidence (mean p(true label), 0–1)',
    scale: { domain: [0, 1] },
  };
  return {
    id: 'importance-cartography',
    section: 'importance',
    title,
    wide: true,
    guide:
      'Top left: learnt at once; middle right: ambiguous, often the most ' +
      'useful; bottom left: hard to learn, often mislabelled (red rings, ' +
      'if any, are known noisy samples).',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: 380,
      layer: [
        {
          data: { values: imp.cartography },
          mark: { type: 'circle', size: 14, opacity: 0.55 },
          encoding: {
            x,
            y,
            color: {
              field: 'correctness',
              type: 'quantitative',
              title: 'Correctness (% of epochs right)',
              scale: { scheme: 'viridis', domain: [0, 1] },
              legend: { format: '%', gradientLength: 180, titleLimit: 300 },
            },
          },
        },
        {
          data: { values: noisy },
          mark: { type: 'point', size: 40, color: WARN, strokeWidth: 1.2 },
          encoding: { x, y },
        },
        {
          data: { values: regions(imp.cartography) },
          mark: {
            type: 'text',
            align: 'left',
            fontSize: 11,
            fontStyle: 'italic',
            color: '#3e4c59',
          },
          encoding: { x, y, text: { field: 'text' } },
        },
      ],
    },
  };
}
