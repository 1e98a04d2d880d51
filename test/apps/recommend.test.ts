import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { candidatesFor } from '../../src/apps/candidates.ts';
import { loadApp } from '../../src/apps/context.ts';
import { recommend } from '../../src/apps/recommend.ts';
import { evaluateRecommendation } from '../../src/apps/evaluate.ts';
import { loadModel } from '../../src/model/io.ts';
import { tinyWorld } from './fixture.ts';

const world = await tinyWorld();
after(() => world.cleanup());
const app = await loadApp(world.modelDir, world.dataDir);
const ctr = { kind: 'ctr' } as const;

/** A user with purchases whose bought items are among their candidates. */
function buyer(): string {
  const users = Object.entries(app.store.users);
  const found = users.find(([key, u]) => {
    const pool = candidatesFor(app, key);
    return u.bought.length > 0 && u.bought.some((b) => pool.has(b));
  });
  assert.ok(found, 'the tiny world has a buyer');
  return found[0];
}

test('recommend() leaves out bought items unless asked', async () => {
  const user = buyer();
  const bought = new Set(app.store.users[user].bought);
  const all = Object.keys(app.store.items).length;
  const without = await recommend(app, { user, k: all, objective: ctr });
  assert.ok(without.items.length > 0);
  assert.ok(without.items.every((i) => !bought.has(i.item)));
  const withBought = await recommend(app, {
    user,
    k: all,
    objective: ctr,
    includeBought: true,
  });
  assert.ok(withBought.items.some((i) => bought.has(i.item)));
});

test('recommend() returns k items by descending score with their sources', async () => {
  const user = buyer();
  const r = await recommend(app, { user, k: 10, objective: ctr });
  assert.equal(r.items.length, 10);
  assert.equal(new Set(r.items.map((i) => i.item)).size, 10);
  for (let i = 1; i < r.items.length; i++) {
    assert.ok(r.items[i - 1].score >= r.items[i].score);
  }
  assert.ok(r.items.every((i) => i.sources.length > 0));
  const sources = new Set(r.items.flatMap((i) => i.sources));
  assert.ok(sources.has('similar') && sources.has('popular'));
});

test('recommend() gives an unknown user popular items, scored cold', async () => {
  const r = await recommend(app, {
    user: 'nobody-at-all',
    k: 5,
    objective: ctr,
  });
  assert.equal(r.knownUser, false);
  assert.equal(r.items.length, 5);
  assert.ok(r.items.every((i) => i.sources.join() === 'popular'));
});

test('recommend() rejects k outside [1, MAX_K]', async () => {
  await assert.rejects(() =>
    recommend(app, { user: 'u', k: 0, objective: ctr }),
  );
  await assert.rejects(() =>
    recommend(app, { user: 'u', k: 1e6, objective: ctr }),
  );
});

test('evaluateRecommendation() reports bounded metrics for model and baseline', async () => {
  const { model, file } = loadModel(world.modelDir);
  const e = await evaluateRecommendation(model, file, world.data, {
    objective: ctr,
    maxUsers: 50,
    seed: 1,
  });
  assert.ok(e.users > 0 && e.users <= 50);
  for (const m of [e.model, e.popularity]) {
    for (const v of Object.values(m)) assert.ok(v >= 0 && v <= 1);
    assert.ok(m.hit10 >= m.ndcg10 - 1e-12, 'a hit is needed for any gain');
  }
});
