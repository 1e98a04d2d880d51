import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadApp } from '../../src/apps/context.ts';
import { objectiveWeights, parseObjective } from '../../src/apps/objective.ts';
import { MAX_CANDIDATES, rankItems } from '../../src/apps/rank.ts';
import { buildRows } from '../../src/apps/rows.ts';
import { readStore } from '../../src/apps/store.ts';
import { UsageError } from '../../src/errors.ts';
import { hashTerm } from '../../src/features/encode.ts';
import { tinyWorld } from './fixture.ts';

const world = await tinyWorld();
after(() => world.cleanup());
const app = await loadApp(world.modelDir, world.dataDir);
const users = Object.keys(app.store.users);
const items = Object.keys(app.store.items);

test('rankItems() orders items by the descending weighted model score', async () => {
  const objective = parseObjective('weighted:click=1,purchase=3');
  const user = users[3];
  const list = items.slice(0, 30);
  const r = await rankItems(app, { user, items: list, objective });
  // Independent score: predict on the same rows, weigh by hand.
  const probs = app.model.predict(buildRows(app.plan, app.store, user, list));
  const T = app.model.tasks.length;
  const c = app.model.tasks.indexOf('click');
  const p = app.model.tasks.indexOf('purchase');
  const score = new Map(
    list.map((k, i) => [k, probs[i * T + c] + 3 * probs[i * T + p]]),
  );
  assert.equal(r.items.length, list.length);
  for (const it of r.items) {
    assert.ok(Math.abs(it.score - score.get(it.item)!) < 1e-6);
  }
  for (let i = 1; i < r.items.length; i++) {
    assert.ok(r.items[i - 1].score >= r.items[i].score);
  }
});

test('rankItems() with ctcvr sorts by the conversion probability', async () => {
  const r = await rankItems(app, {
    user: users[0],
    items: items.slice(0, 20),
    objective: parseObjective('ctcvr'),
  });
  const conv = app.model.tasks.at(-1)!;
  for (const it of r.items) assert.equal(it.score, it.probs[conv]);
});

test('rankItems() scores unknown users and items cold instead of failing', async () => {
  const r = await rankItems(app, {
    user: 'never-seen',
    items: [items[0], 'no-such-item', '__proto__'],
    objective: { kind: 'ctr' },
  });
  assert.equal(r.knownUser, false);
  const known = new Map(r.items.map((i) => [i.item, i.known]));
  assert.equal(known.get(items[0]), true);
  assert.equal(known.get('no-such-item'), false);
  assert.equal(known.get('__proto__'), false);
  for (const it of r.items) assert.ok(it.score > 0 && it.score < 1);
});

test('buildRows() hashes query terms into the query term fields', async () => {
  const names = app.file.features
    .filter((f) => f.kind === 'categorical')
    .map((f) => f.name);
  const f1 = names.indexOf('event_query_term_1');
  const f2 = names.indexOf('event_query_term_2');
  assert.ok(f1 >= 0, 'the generated world has queries');
  const b = buildRows(app.plan, app.store, users[0], [items[0]], 'Red  shoes');
  const spec = app.file.features.find((f) => f.name === 'event_query_term_1');
  const buckets = spec?.kind === 'categorical' ? spec.vocab : 0;
  assert.equal(b.cat[f1], hashTerm('red', buckets));
  assert.equal(b.cat[f2], hashTerm('shoes', buckets));
});

test('buildRows() takes user fields from the user and item fields from the item', async () => {
  const names = app.file.features
    .filter((f) => f.kind === 'categorical')
    .map((f) => f.name);
  const [u, i] = [users[5], items[7]];
  const b = buildRows(app.plan, app.store, u, [i]);
  const uid = names.indexOf('user_id');
  const iid = names.indexOf('item_id');
  assert.equal(b.cat[uid], app.store.users[u].cat[uid]);
  assert.equal(b.cat[iid], app.store.items[i].cat[iid]);
  const cold = buildRows(app.plan, app.store, 'x', ['y']);
  assert.ok(cold.cat.every((v) => v === 0));
  assert.ok(cold.dense.every((v) => v === 0));
});

test('rankItems() refuses more than MAX_CANDIDATES items', async () => {
  const many = Array.from({ length: MAX_CANDIDATES + 1 }, (_, i) => `i${i}`);
  await assert.rejects(
    () =>
      rankItems(app, { user: 'u', items: many, objective: { kind: 'ctr' } }),
    UsageError,
  );
});

test('objectiveWeights() names the model tasks for an unknown task', async () => {
  assert.throws(
    () => objectiveWeights(parseObjective('weighted:buy=1'), app.model.tasks),
    /click, cart, purchase/,
  );
  assert.throws(() => parseObjective('revenue'), /ctr \| ctcvr/);
  assert.throws(() => parseObjective('weighted:click=x'), /TASK=NUMBER/);
});

test('loadApp() saved the store, and a second load reads it back', async () => {
  const store = readStore(world.modelDir);
  assert.ok(store);
  const again = await loadApp(world.modelDir);
  assert.deepEqual(Object.keys(again.store.users).length, users.length);
});
