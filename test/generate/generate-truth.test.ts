import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld, type WorldSummary } from '../../src/generate/index.ts';
import { auc, readCsv, sampleKey, type Row } from './world-files.ts';

let dir = '';
let summary: WorldSummary;
let events: Row[] = [];
let truth: Row[] = [];
const byId = new Map<string, Row>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-gen-'));
  const out = join(dir, 'world');
  summary = await generateWorld({
    out,
    users: 2000,
    items: 500,
    events: 100_000,
    seed: 7,
  });
  events = readCsv(join(out, 'events.csv')).rows;
  truth = readCsv(join(out, 'truth.csv')).rows;
  for (const e of events) byId.set(e.event_id, e);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ofKind = (kind: string) => truth.filter((t) => t.kind === kind);
const typesBySample = () => {
  const m = new Map<string, Set<string>>();
  for (const e of events) {
    const key = sampleKey(e);
    if (!m.has(key)) m.set(key, new Set());
    m.get(key)!.add(e.event_type);
  }
  return m;
};

test('every truth row points at a real event of its user, session and item', () => {
  assert.ok(truth.length > 0);
  for (const t of truth) {
    const e = byId.get(t.event_id);
    assert.ok(e, `event ${t.event_id} missing`);
    assert.equal(e.user_id, t.user_id);
    assert.equal(e.session_id, t.session_id);
    assert.equal(e.item_id, t.item_id);
  }
});

test('truth.json counts match the rows of truth.csv', () => {
  const json = JSON.parse(readFileSync(join(dir, 'world/truth.json'), 'utf8'));
  for (const kind of Object.keys(summary.counts.truth)) {
    assert.equal(json.counts[kind], ofKind(kind).length, kind);
  }
  assert.equal(json.counts.botUsers, 40);
});

test('accidental clicks are short clicks never carted or bought', () => {
  const types = typesBySample();
  const rows = ofKind('accidental_click');
  assert.ok(rows.length > 0);
  for (const t of rows) {
    const e = byId.get(t.event_id)!;
    assert.equal(e.event_type, 'click');
    assert.ok(Number(e.dwell) < 2, e.dwell);
    const seen = types.get(sampleKey(e))!;
    assert.ok(!seen.has('cart') && !seen.has('purchase'));
  }
});

test('real clicks dwell much longer than accidental ones', () => {
  const planted = new Set(truth.map((t) => t.event_id));
  const dwell = events
    .filter((e) => e.event_type === 'click' && !planted.has(e.event_id))
    .map((e) => Number(e.dwell))
    .sort((a, b) => a - b);
  assert.ok(
    dwell[dwell.length >> 1] > 10,
    `median ${dwell[dwell.length >> 1]}`,
  );
  const short = dwell.filter((d) => d < 2).length / dwell.length;
  assert.ok(short < 0.01, `short real clicks ${short}`);
});

test('accidental clicks are about the asked share of real users clicks', () => {
  const bots = new Set(ofKind('bot_user').map((t) => t.user_id));
  const clicks = events.filter(
    (e) => e.event_type === 'click' && !bots.has(e.user_id),
  ).length;
  const share = ofKind('accidental_click').length / clicks;
  assert.ok(share > 0.03 && share < 0.08, `accidental share ${share}`);
});

test('bot users click but never cart or buy', () => {
  const bots = new Set(ofKind('bot_user').map((t) => t.user_id));
  assert.ok(bots.size >= 30 && bots.size <= 40, `${bots.size} bots`);
  for (const e of events) {
    if (!bots.has(e.user_id)) continue;
    assert.ok(e.event_type === 'impression' || e.event_type === 'click');
  }
  const botClicks = events.filter(
    (e) => bots.has(e.user_id) && e.event_type === 'click',
  );
  const marked = ofKind('bot_user').length;
  const dupes = ofKind('duplicate_event').filter((t) => bots.has(t.user_id));
  const dupClicks = dupes.filter(
    (t) => byId.get(t.event_id)!.event_type === 'click',
  );
  assert.equal(botClicks.length, marked + dupClicks.length);
});

test('duplicate_event rows name event ids written twice', () => {
  const count = new Map<string, number>();
  for (const e of events)
    count.set(e.event_id, (count.get(e.event_id) ?? 0) + 1);
  const dupes = ofKind('duplicate_event');
  const share = dupes.length / events.length;
  assert.ok(share > 0.003 && share < 0.007, `duplicate share ${share}`);
  for (const t of dupes) assert.equal(count.get(t.event_id), 2, t.event_id);
});

test('flipped labels sit on carts (removed buys) or purchases (added)', () => {
  const rows = ofKind('flipped_label');
  const purchases = events.filter((e) => e.event_type === 'purchase').length;
  assert.ok(rows.length > 0.003 * purchases, `${rows.length} flips`);
  assert.ok(rows.length < 0.03 * purchases, `${rows.length} flips`);
  const types = typesBySample();
  for (const t of rows) {
    const e = byId.get(t.event_id)!;
    const seen = types.get(sampleKey(e))!;
    if (e.event_type === 'cart') assert.ok(!seen.has('purchase'));
    else assert.equal(e.event_type, 'purchase');
  }
});

/**
 * Learnability: a leave-one-out click rate of the user in the item's
 * category, damped by position, ranks clicks; the item's leave-one-out
 * purchase rate ranks purchases among clicks. Both beat chance by far.
 */
test('click and purchase labels can be predicted from users and items', () => {
  const items = readCsv(join(dir, 'world/items.csv')).rows;
  const category = new Map(items.map((r) => [r.item_id, r.category]));
  const samples = new Map<string, Sample>();
  for (const e of events) {
    const key = sampleKey(e);
    if (!samples.has(key)) {
      const c = category.get(e.item_id) ?? '?';
      const bias = 1 / Math.log2(1 + Number(e.position));
      samples.set(key, { u: e.user_id, c, i: e.item_id, bias, y: [0, 0] });
    }
    const s = samples.get(key)!;
    if (e.event_type === 'click') s.y[0] = 1;
    if (e.event_type === 'purchase') s.y[1] = 1;
  }
  const all = [...samples.values()];
  const clickAuc = looAuc(all, (s) => `${s.u}|${s.c}`, 0);
  const clicked = all.filter((s) => s.y[0] === 1);
  const buyAuc = looAuc(clicked, (s) => s.i, 1);
  console.log('AUCS', clickAuc, buyAuc);
  assert.ok(clickAuc > 0.65, `click AUC ${clickAuc}`);
  assert.ok(buyAuc > 0.6, `purchase AUC ${buyAuc}`);
});

/** One impression: user, category, item, position bias and labels. */
interface Sample {
  u: string;
  c: string;
  i: string;
  bias: number;
  y: number[];
}

function looAuc(xs: Sample[], group: (s: Sample) => string, task: number) {
  const sum = new Map<string, [number, number]>();
  for (const s of xs) {
    const g = sum.get(group(s)) ?? [0, 0];
    g[0] += s.y[task];
    g[1] += 1;
    sum.set(group(s), g);
  }
  const prior = xs.reduce((a, s) => a + s.y[task], 0) / xs.length;
  const scores = xs.map((s) => {
    const [pos, n] = sum.get(group(s))!;
    const rate = (pos - s.y[task] + 2 * prior) / (n - 1 + 2);
    return task === 0 ? rate * s.bias : rate;
  });
  return auc(
    scores,
    xs.map((s) => s.y[task]),
  );
}
