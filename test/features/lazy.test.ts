import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketize,
  encode,
  learnStandardiser,
  standardise,
  type Vocabulary,
} from '../../src/features/encode.ts';
import {
  eager,
  lazyBuckets,
  lazyEncode,
  lazyStandardise,
  lookup,
  pickRows,
  rowNumbers,
  type LazyColumn,
} from '../../src/features/lazy.ts';
import { Rng } from '../../src/util/rng.ts';

const ROWS = 5000;

/** Reads a lazy column whole in uneven chunks. */
function readAll(col: LazyColumn): number[] {
  const out: number[] = [];
  for (let from = 0; from < col.length; from += 777) {
    const n = Math.min(777, col.length - from);
    const part = col.kind === 'i32' ? new Int32Array(n) : new Float32Array(n);
    col.fill(part, from);
    out.push(...part);
  }
  return out;
}

const rng = new Rng(11);
const key = Int32Array.from({ length: ROWS }, () => rng.int(50));
const index = Int32Array.from({ length: 50 }, (_, i) => (i % 7) - 1);
const numbers = Float64Array.from({ length: 50 }, (_, i) =>
  i % 9 === 0 ? NaN : rng.normal() * 3,
);
const gathered = Int32Array.from(key, (k) => index[k]);
const gatheredF = Float64Array.from(key, (k) => numbers[k]);

test('lazyEncode() of a keyed source equals encode() of the gathered indices', () => {
  const vocab: Vocabulary = {
    ids: Int32Array.from({ length: 6 }, (_, v) => 6 - v),
    size: 7,
    hashed: false,
    valueOf: new Int32Array(0),
  };
  const lazy = lazyEncode({ values: index, key, rows: ROWS }, vocab);
  assert.deepEqual(readAll(lazy), [...encode(gathered, vocab)]);
});

test('lazyStandardise() equals standardise() bit for bit, missing as 0', () => {
  const split = new Uint8Array(ROWS);
  for (const log of [false, true]) {
    const s = learnStandardiser(gatheredF, split, log);
    const lazy = lazyStandardise({ values: numbers, key, rows: ROWS }, s);
    assert.deepEqual(readAll(lazy), [...standardise(gatheredF, s)]);
  }
});

test('lazyBuckets() equals bucketize(), and strided sources read their slot', () => {
  const cuts = [-2, 0, 0.5, 3];
  const lazy = lazyBuckets({ values: numbers, key, rows: ROWS }, cuts);
  assert.deepEqual(readAll(lazy), [...bucketize(gatheredF, cuts)]);
  const wide = Int32Array.from({ length: 30 }, (_, i) => i);
  const col = lazyEncode(
    { values: wide, stride: 3, offset: 2, rows: 10 },
    {
      ids: Int32Array.from({ length: 30 }, (_, v) => v * 10),
      size: 300,
      hashed: false,
      valueOf: new Int32Array(0),
    },
  );
  assert.deepEqual(
    [...pickRows(col, Int32Array.from([0, 9, 4]))],
    [20, 290, 140],
  );
});

test('gather() of every lazy column equals fill() at the listed rows', () => {
  const rows = Int32Array.from({ length: 900 }, () => rng.int(ROWS));
  const s = learnStandardiser(gatheredF, new Uint8Array(ROWS), true);
  const vocab: Vocabulary = {
    ids: Int32Array.from({ length: 6 }, (_, v) => v + 1),
    size: 7,
    hashed: false,
    valueOf: new Int32Array(0),
  };
  const columns = [
    lazyEncode({ values: index, key, rows: ROWS }, vocab),
    lazyStandardise({ values: numbers, key, rows: ROWS }, s),
    lazyBuckets({ values: numbers, key, rows: ROWS }, [-1, 1]),
    eager(Float32Array.from(gatheredF)),
  ];
  for (const col of columns) {
    const whole = readAll(col);
    const part =
      col.kind === 'i32' ? new Int32Array(900) : new Float32Array(900);
    col.gather(part, rows);
    assert.deepEqual(
      [...part],
      Array.from(rows, (r) => whole[r]),
    );
  }
});

test('rowNumbers() and lookup() read what their sources hold', () => {
  const ids = rowNumbers(10);
  const range = new Int32Array(4);
  ids.fill(range, 3);
  assert.deepEqual([...range], [3, 4, 5, 6]);
  const picked = new Int32Array(3);
  ids.gather(picked, Int32Array.from([9, 0, 4]));
  assert.deepEqual([...picked], [9, 0, 4]);
  // Through a key: row r reads values[key[r]].
  const column = lookup({
    values: Int32Array.from([10, 20, 30]),
    key: Int32Array.from([2, 2, 0, 1]),
    rows: 4,
  });
  const all = new Int32Array(4);
  column.fill(all, 0);
  assert.deepEqual([...all], [30, 30, 10, 20]);
  const some = new Int32Array(2);
  column.gather(some, Int32Array.from([3, 0]));
  assert.deepEqual([...some], [20, 30]);
});
