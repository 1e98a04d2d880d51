import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numericEventColumns } from '../../src/data/events.ts';
import { config } from './fixtures.ts';

test('numericEventColumns() names time, position, labels and numbers, never a text column', () => {
  const c = config({
    events: {
      path: 'events.csv',
      user: 'u',
      item: 'i',
      time: 'ts',
      position: 'pos',
      query: 'q',
      attributes: { categorical: ['score'], numeric: ['price', 'score'] },
      evaluation: ['flag'],
    },
    tasks: [{ name: 'click', column: 'clicked' }],
  });
  assert.deepEqual(numericEventColumns(c).sort(), [
    'clicked',
    'flag',
    'pos',
    'price',
    'ts',
  ]);
});
