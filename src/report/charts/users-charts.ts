/** Charts of user segments. */
import type { UsersSection } from '../data.ts';
import type { Chart } from './chart.ts';
import { bandsHeight, base, FIT_WIDTH } from './theme.ts';

/** Segment sizes as bars, coloured by conversion. */
export function segmentsChart(users: UsersSection): Chart {
  const values = users.segments.map((s) => ({
    ...s,
    top: s.topCategories.slice(0, 3).join(', '),
  }));
  const title = 'User segments by size';
  return {
    id: 'users-segments',
    section: 'users',
    title,
    guide:
      'Longer bars are larger segments; darker bars convert better, so a ' +
      'large pale segment is the biggest opportunity.',
    spec: {
      ...base(title),
      ...FIT_WIDTH,
      height: bandsHeight(values.length, 26),
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 3 },
      encoding: {
        y: {
          field: 'name',
          type: 'nominal',
          sort: '-x',
          title: 'Segment',
          axis: { labelLimit: 180 },
        },
        x: { field: 'size', type: 'quantitative', title: 'Users (count)' },
        color: {
          field: 'conversion',
          type: 'quantitative',
          title: 'Conversion (%)',
          scale: { scheme: 'blues', domainMin: 0 },
          legend: { format: '.1~%', gradientLength: 160 },
        },
        tooltip: [
          { field: 'name', title: 'Segment' },
          { field: 'size', title: 'Users', format: ',' },
          { field: 'conversion', title: 'Conversion', format: '.2%' },
          { field: 'top', title: 'Top categories' },
        ],
      },
    },
  };
}
