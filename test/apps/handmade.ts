/**
 * A hand-written prepared dataset of three users and three items, small
 * enough to check profiles and segments by hand. Tasks: click, purchase.
 * Features: item_category (ids 1 "shoes", 2 "hats"), user_tag_category_1,
 * item_price (standardised linearly: raw = 10 z + 20).
 *
 *   row user item  cat  price  click purchase  time (days)   sampled
 *   0   ann  i1    shoes 30    1     1         day 0
 *   1   ann  i2    hats  10    1     0         day 1
 *   2   ann  i1    shoes 30    1     1         day 2
 *   3   bob  i2    hats  10    1     0         day 1
 *   4   bob  i3    hats  20    0     0         day 3
 *   5   cy   i3    hats  20    0     0         day 4
 *   6   cy   i1    shoes 30    1     1         day 4         yes (ignored)
 */
import type { PreparedData } from '../../src/data/load.ts';
import type { PreparedManifest, SplitArrays } from '../../src/data/types.ts';

export const DAY = 86_400;
const T0 = 1_700_000_000;

const ROWS = [
  ['ann', 'i1', 1, 30, 1, 1, 0, 0],
  ['ann', 'i2', 2, 10, 1, 0, 1, 0],
  ['ann', 'i1', 1, 30, 1, 1, 2, 0],
  ['bob', 'i2', 2, 10, 1, 0, 1, 0],
  ['bob', 'i3', 2, 20, 0, 0, 3, 0],
  ['cy', 'i3', 2, 20, 0, 0, 4, 0],
  ['cy', 'i1', 1, 30, 1, 1, 4, 1],
] as const;

export const START = T0;
export const END = T0 + 4 * DAY;

export function handmadeData(dir = '/nonexistent-handmade'): PreparedData {
  const users = ['ann', 'bob', 'cy'];
  const items = ['i1', 'i2', 'i3'];
  const n = ROWS.length;
  const split: SplitArrays = {
    rows: n,
    sampleId: Int32Array.from(ROWS, (_, i) => i),
    cat: Int32Array.from(ROWS.flatMap((r) => [r[2], 0])),
    nCat: 2,
    dense: Float32Array.from(ROWS, (r) => (r[3] - 20) / 10),
    nDense: 1,
    labels: Float32Array.from(ROWS.flatMap((r) => [r[4], r[5]])),
    nTasks: 2,
    weights: new Float32Array(n).fill(1),
    user: Int32Array.from(ROWS, (r) => users.indexOf(r[0])),
    item: Int32Array.from(ROWS, (r) => items.indexOf(r[1])),
    userKeys: users,
    itemKeys: items,
    category: Int32Array.from(ROWS, (r) => r[2] - 1),
    time: Float64Array.from(ROWS, (r) => T0 + r[6] * DAY),
    sampled: Uint8Array.from(ROWS, (r) => r[7]),
    evalColumns: {},
  };
  const empty: SplitArrays = {
    ...split,
    rows: 0,
    sampleId: new Int32Array(0),
    cat: new Int32Array(0),
    dense: new Float32Array(0),
    labels: new Float32Array(0),
    weights: new Float32Array(0),
    user: new Int32Array(0),
    item: new Int32Array(0),
    category: new Int32Array(0),
    time: new Float64Array(0),
    sampled: new Uint8Array(0),
  };
  const manifest = {
    format: 'winnow-prepared',
    version: 1,
    name: 'handmade',
    tasks: [
      { name: 'click', positiveRate: {}, from: 'click' },
      { name: 'purchase', positiveRate: {}, from: 'purchase' },
    ],
    features: [
      cat('item_category', 3),
      cat('user_tag_category_1', 3),
      { name: 'item_price', kind: 'numeric', mean: 20, std: 10, source: 'p' },
    ],
    evalColumns: [],
  } as unknown as PreparedManifest;
  return { dir, manifest, splits: { train: split, valid: empty, test: empty } };
}

function cat(name: string, vocab: number) {
  return { name, kind: 'categorical', vocab, hashed: false, source: name };
}
