import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pastFeatures, type PastInput } from '../../src/features/past.ts';
import { hash01 } from '../../src/data/split.ts';

const EPS = 1e-6;
const A = 0;
const B = 1;

/**
 * Rows: [user, item, tag, ts, first engagement time or NaN].
 *   0  u0 i0 A t10 e10   own engagement at its own time: not seen by itself
 *   1  u0 i1 B t20 e20
 *   2  u0 i2 A t20  -    same time as row 1: row 1 not counted
 *   3  u0 i0 A t30 e35   engaged later than shown
 *   4  u1 i0 A t40  -
 *   5  u0 i3 B t36  -    sees rows 0, 1 and 3 (e35 < 36)
 */
const ROWS: [number, number, number, number, number][] = [
  [0, 0, A, 10, 10],
  [0, 1, B, 20, 20],
  [0, 2, A, 20, NaN],
  [0, 0, A, 30, 35],
  [1, 0, A, 40, NaN],
  [0, 3, B, 36, NaN],
];

function input(rows: typeof ROWS, timed: boolean, split?: number[]): PastInput {
  const ets = Float64Array.from(rows, (r) => r[4]);
  return {
    rows: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    tags: [Int32Array.from(rows, (r) => r[2])],
    ts: Float64Array.from(rows, (r) => (timed ? r[3] : NaN)),
    ets: timed ? ets : new Float64Array(rows.length).fill(NaN),
    engaged: Uint8Array.from(ets, (e) => (Number.isNaN(e) ? 0 : 1)),
    split: Uint8Array.from(split ?? rows.map(() => 0)),
    topK: 2,
    timed,
    seed: 11,
  };
}

const close = (a: ArrayLike<number>, b: number[], what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < b.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) < EPS, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
};

test('pastFeatures() counts only engagements strictly before each sample', () => {
  const p = pastFeatures(input(ROWS, true));
  close(p.userActivity, [0, 1, 1, 2, 0, 3], 'user activity');
  close(p.itemPopularity, [0, 0, 0, 1, 2, 0], 'item popularity');
});

test('pastFeatures() gives interest tags with shares of past engagements', () => {
  const p = pastFeatures(input(ROWS, true));
  // Row 3 saw A once, B once: a tie goes to the smaller tag index.
  // Row 5 saw A twice (rows 0 and 3) and B once.
  assert.deepEqual(
    [...p.tagIds[0]],
    [-1, -1, A, -1, A, -1, A, B, -1, -1, A, B],
  );
  close(
    p.tagWeights[0],
    [0, 0, 1, 0, 1, 0, 0.5, 0.5, 0, 0, 2 / 3, 1 / 3],
    'tag weights',
  );
  // Share of the user's past engagements in the sample item's own tag.
  close(p.tagMatch[0], [0, 0, 1, 0.5, 0, 1 / 3], 'tag match');
});

test('pastFeatures() of a sample does not change when its own or later labels change', () => {
  const base = pastFeatures(input(ROWS, true));
  for (let i = 0; i < ROWS.length; i++) {
    const flipped = ROWS.map((r) => [...r] as (typeof ROWS)[number]);
    const t = flipped[i][3];
    flipped[i][4] = Number.isNaN(flipped[i][4]) ? t : NaN;
    const p = pastFeatures(input(flipped, true));
    // Row i itself and every row at or before time t are unchanged.
    for (let j = 0; j < ROWS.length; j++) {
      if (ROWS[j][3] > t) continue;
      assert.equal(p.userActivity[j], base.userActivity[j], `row ${j}/${i}`);
      assert.equal(p.itemPopularity[j], base.itemPopularity[j]);
      assert.equal(p.tagMatch[0][j], base.tagMatch[0][j]);
    }
  }
});

/** A bigger untimed log: 30 users x 20 items, every other pair engaged. */
function untimed(): PastInput {
  const rows: typeof ROWS = [];
  for (let u = 0; u < 30; u++) {
    for (let k = 0; k < 20; k++) {
      const item = (u * 3 + k) % 25;
      const engaged = (u * 7 + k * 5) % 3 === 0;
      rows.push([u, item, item % 4, NaN, engaged ? 0 : NaN]);
    }
  }
  const split = rows.map((_, i) => (i % 10 === 0 ? 2 : i % 10 === 1 ? 1 : 0));
  const inp = input(rows, false, split);
  inp.tags = [Int32Array.from(rows, (r) => r[2])];
  return inp;
}

test('pastFeatures() without time: counts from other folds of train only', () => {
  const inp = untimed();
  const p = pastFeatures(inp);
  const fold = (i: number) =>
    inp.split[i] === 0 ? Math.floor(hash01(i, inp.seed) * 5) : 5;
  // A naive reference: for each sample, scan all rows.
  for (let i = 0; i < inp.rows; i++) {
    let user = 0;
    let item = 0;
    for (let j = 0; j < inp.rows; j++) {
      if (!inp.engaged[j] || inp.split[j] !== 0) continue;
      if (fold(i) < 5 && fold(j) === fold(i)) continue;
      if (inp.user[j] === inp.user[i]) user++;
      if (inp.item[j] === inp.item[i]) item++;
    }
    const scale = fold(i) === 5 ? 4 / 5 : 1;
    assert.ok(Math.abs(p.userActivity[i] - user * scale) < 1e-4, `user ${i}`);
    assert.ok(Math.abs(p.itemPopularity[i] - item * scale) < 1e-4, `item ${i}`);
  }
});

test("pastFeatures() without time: a sample's own label never reaches its features", () => {
  const inp = untimed();
  const base = pastFeatures(inp);
  for (let i = 0; i < inp.rows; i += 7) {
    const engaged = Uint8Array.from(inp.engaged);
    engaged[i] = 1 - engaged[i];
    const p = pastFeatures({ ...inp, engaged });
    assert.equal(p.userActivity[i], base.userActivity[i], `row ${i}`);
    assert.equal(p.itemPopularity[i], base.itemPopularity[i], `row ${i}`);
    assert.equal(p.tagMatch[0][i], base.tagMatch[0][i], `row ${i}`);
    for (let k = 0; k < inp.topK; k++) {
      const at = i * inp.topK + k;
      assert.equal(p.tagIds[0][at], base.tagIds[0][at]);
      assert.equal(p.tagWeights[0][at], base.tagWeights[0][at]);
    }
  }
  // The check can fail: flipping a train label does move other samples.
  const j = [...inp.split].findIndex((s, k) => s === 0 && inp.engaged[k]);
  const engaged = Uint8Array.from(inp.engaged);
  engaged[j] = 0;
  const moved = pastFeatures({ ...inp, engaged });
  const changed = moved.userActivity.some((v, k) => v !== base.userActivity[k]);
  assert.ok(changed);
});
