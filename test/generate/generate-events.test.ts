import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld, type WorldSummary } from '../../src/generate/index.ts';
import { readCsv, sampleKey, type Row } from './world-files.ts';

const EVENTS = 100_000;
const LOG_START = 1_704_067_200;
const DAY = 86_400;
const TYPES = ['impression', 'click', 'cart', 'purchase'];

let dir = '';
let summary: WorldSummary;
let events: Row[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-gen-'));
  const out = join(dir, 'world');
  summary = await generateWorld({
    out,
    users: 2000,
    items: 500,
    events: EVENTS,
  });
  events = readCsv(join(out, 'events.csv')).rows;
});
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, 'world', name);

test('generateWorld() writes exactly the requested number of event rows', () => {
  assert.equal(events.length, EVENTS);
  assert.equal(summary.counts.rows, EVENTS);
});

test('events.csv has the contract columns with well-formed values', () => {
  const { header } = readCsv(file('events.csv'));
  assert.deepEqual(header, [
    'event_id',
    'ts',
    'user_id',
    'session_id',
    'query',
    'item_id',
    'position',
    'event_type',
    'dwell',
  ]);
  for (const e of events) {
    assert.match(e.event_id, /^[1-9]\d*$/);
    assert.match(e.user_id, /^u\d{6}$/);
    assert.match(e.item_id, /^i\d{6}$/);
    assert.match(e.session_id, /^s\d+$/);
    assert.match(e.query, /^([a-z]+( [a-z]+)*)?$/);
    assert.ok(TYPES.includes(e.event_type), e.event_type);
    assert.ok(Number(e.position) >= 1 && Number.isInteger(+e.position));
    const ts = Number(e.ts);
    assert.ok(ts >= LOG_START && ts < LOG_START + 32 * DAY, e.ts);
    const isClick = e.event_type === 'click';
    assert.equal(e.dwell !== '', isClick, `dwell on ${e.event_type}`);
    if (isClick) assert.ok(Number(e.dwell) > 0);
  }
});

test('event timestamps never decrease within a session and span ~30 days', () => {
  const last = new Map<string, number>();
  let min = Infinity;
  let max = -Infinity;
  for (const e of events) {
    const ts = Number(e.ts);
    assert.ok(ts >= (last.get(e.session_id) ?? -Infinity), e.event_id);
    last.set(e.session_id, ts);
    min = Math.min(min, ts);
    max = Math.max(max, ts);
  }
  assert.ok(max - min > 28 * DAY && max - min < 32 * DAY, `${max - min}`);
});

test('every click, cart and purchase follows an impression of its sample', () => {
  const shown = new Map<string, string>();
  const clicked = new Set<string>();
  const carted = new Set<string>();
  for (const e of events) {
    const key = sampleKey(e);
    if (e.event_type === 'impression') {
      shown.set(key, e.position);
      continue;
    }
    assert.equal(shown.get(key), e.position, `event ${e.event_id}`);
    if (e.event_type === 'click') clicked.add(key);
    if (e.event_type === 'cart') {
      assert.ok(clicked.has(key), `cart ${e.event_id} without click`);
      carted.add(key);
    }
    if (e.event_type === 'purchase') {
      assert.ok(carted.has(key), `purchase ${e.event_id} without cart`);
    }
  }
});

test('event ids are unique except for rows repeated whole', () => {
  const seen = new Map<string, Row>();
  let repeats = 0;
  for (const e of events) {
    const before = seen.get(e.event_id);
    if (before) {
      assert.deepEqual(e, before);
      repeats++;
    }
    seen.set(e.event_id, e);
  }
  assert.equal(repeats, summary.counts.truth.duplicate_event);
});

test('funnel rates fall in the ranges of real logs', () => {
  const n = (t: string) => events.filter((e) => e.event_type === t).length;
  const ctr = n('click') / n('impression');
  const cart = n('cart') / n('click');
  const buy = n('purchase') / n('cart');
  assert.ok(ctr >= 0.05 && ctr <= 0.1, `click rate ${ctr}`);
  assert.ok(cart >= 0.2 && cart <= 0.3, `cart per click ${cart}`);
  assert.ok(buy >= 0.3 && buy <= 0.5, `purchase per cart ${buy}`);
});

test('about half of the sessions are search sessions', () => {
  const query = new Map<string, string>();
  for (const e of events) query.set(e.session_id, e.query);
  const queries = [...query.values()];
  const share = queries.filter((q) => q !== '').length / queries.length;
  assert.ok(share > 0.4 && share < 0.6, `search share ${share}`);
});

test('items.csv lists items with flaws for the cleaning stage', () => {
  const { header, rows } = readCsv(file('items.csv'));
  assert.deepEqual(header, ['item_id', 'category', 'brand', 'price', 'title']);
  const prices: number[] = [];
  for (const r of rows) {
    assert.match(r.category, /^c\d+$/);
    assert.match(r.brand, /^b\d+$/);
    assert.match(r.title, /^[a-z]+( [a-z]+){2,5}$/);
    if (r.price !== '') prices.push(Number(r.price));
  }
  const missing = rows.length - prices.length;
  assert.ok(missing >= 1 && missing <= 0.03 * rows.length, `${missing}`);
  prices.sort((a, b) => a - b);
  const median = prices[prices.length >> 1];
  assert.ok(prices.every((p) => p > 0));
  assert.ok(prices[prices.length - 1] > 100 * median, 'no price outlier');
  const listed = new Set(rows.map((r) => r.item_id));
  assert.ok(listed.size < 500 && listed.size >= 490);
  assert.ok(
    events.some((e) => !listed.has(e.item_id)),
    'no unknown item',
  );
});

test('users.csv has every user with demographics, some missing', () => {
  const { header, rows } = readCsv(file('users.csv'));
  assert.deepEqual(header, ['user_id', 'age_band', 'city_tier', 'signup_ts']);
  assert.equal(rows.length, 2000);
  const bands = new Set(['18-24', '25-34', '35-44', '45-54', '55+', '']);
  for (const r of rows) {
    assert.ok(bands.has(r.age_band), r.age_band);
    assert.ok(['1', '2', '3', '4'].includes(r.city_tier), r.city_tier);
    assert.ok(Number(r.signup_ts) < LOG_START);
  }
  assert.ok(rows.some((r) => r.age_band === ''));
  const users = new Set(rows.map((r) => r.user_id));
  assert.ok(events.every((e) => users.has(e.user_id)));
});
