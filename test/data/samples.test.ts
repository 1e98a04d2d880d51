import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { aliasSampler, sampleNegatives } from '../../src/data/negatives.ts';
import { Rng } from '../../src/util/rng.ts';
import {
  funnelConfig,
  funnelLog,
  readParquet,
  repairCount,
  runPrepare,
  withTemp,
  writeLines,
} from './fixtures.ts';

const num = (v: unknown) => Number(v);

async function allRows(dir: string, select = '*') {
  const out = [];
  for (const s of ['train', 'valid', 'test']) {
    out.push(...(await readParquet(join(dir, `${s}.parquet`), select)));
  }
  return out;
}

test('prepare() makes one sample per exposure with a label per task from behaviour types', async () => {
  await withTemp(async (dir) => {
    const log = funnelLog(6, 10);
    // An event of a type no task uses is dropped and counted.
    log.push('u0,i0,1700000999,share');
    const path = writeLines(dir, 'events.csv', log);
    const p = await runPrepare(funnelConfig(path), join(dir, 'out'));
    const rows = await allRows(p.dir, '"user", item, y_click, y_purchase');
    assert.equal(rows.length, 60);
    for (let u = 0; u < 6; u++) {
      for (let k = 0; k < 10; k++) {
        const item = `i${(u * 7 + k * 3) % 40}`;
        const r = rows.find((x) => x.user === `u${u}` && x.item === item);
        assert.ok(r, `u${u} ${item}`);
        const clicked = (u + k) % 3 === 0 ? 1 : 0;
        const bought = (u + k) % 9 === 0 ? 1 : 0;
        assert.deepEqual(
          [num(r.y_click), num(r.y_purchase)],
          [clicked, bought],
        );
      }
    }
    const q = p.quality;
    assert.equal(repairCount(q, 'events', /type not used.*"share" \(1\)/), 1);
  });
});

test('prepare() makes labels from label columns with a threshold', async () => {
  await withTemp(async (dir) => {
    const lines = ['q,item,relevance'];
    const grades = [1, 2, 2.5, 2.67, 3];
    for (let i = 0; i < 50; i++) {
      lines.push(`q${i % 7},p${i},${grades[i % 5]}`);
    }
    const path = writeLines(dir, 'rel.csv', lines);
    const p = await runPrepare(
      {
        events: { path, user: 'q', item: 'item', evaluation: ['relevance'] },
        tasks: [{ name: 'relevant', column: 'relevance', threshold: 2.67 }],
      },
      join(dir, 'out'),
    );
    const rows = await allRows(p.dir, 'y_relevant, e_relevance');
    assert.equal(rows.length, 50);
    for (const r of rows) {
      assert.equal(num(r.y_relevant), num(r.e_relevance) >= 2.67 ? 1 : 0);
    }
    assert.deepEqual(p.manifest.evalColumns, ['relevance']);
    const names = p.manifest.features.map((f) => f.name);
    assert.ok(!names.some((n) => n.includes('relevance')), names.join());
  });
});

/** A positive-only log: 40 users, 5 purchases each out of 60 items. */
function positivesOnly(dir: string): string {
  const lines = ['user,item'];
  for (let u = 0; u < 40; u++) {
    for (let k = 0; k < 5; k++) lines.push(`u${u},i${(u * 11 + k * 13) % 60}`);
  }
  return writeLines(dir, 'buys.csv', lines);
}

function negativesConfig(path: string, seed: number) {
  return {
    seed,
    events: { path, user: 'user', item: 'item', constants: { y: '1' } },
    tasks: [{ name: 'purchase', column: 'y' }],
    negatives: { ratio: 2, popularity: 0.5 },
    features: { minCount: 1 },
  };
}

test('prepare() samples negatives for a positive-only log, marked, unseen and seeded', async () => {
  await withTemp(async (dir) => {
    const path = positivesOnly(dir);
    const a = await runPrepare(negativesConfig(path, 1), join(dir, 'a'));
    const rows = await allRows(a.dir, '"user", item, y_purchase, sampled');
    const observed = rows.filter((r) => num(r.sampled) === 0);
    const sampled = rows.filter((r) => num(r.sampled) === 1);
    assert.equal(observed.length, 200);
    assert.equal(sampled.length, 400, 'ratio 2');
    assert.ok(observed.every((r) => num(r.y_purchase) === 1));
    assert.ok(sampled.every((r) => num(r.y_purchase) === 0));
    const seen = new Set(observed.map((r) => `${r.user}|${r.item}`));
    for (const r of sampled) {
      assert.ok(!seen.has(`${r.user}|${r.item}`), `${r.user} ${r.item}`);
    }
    assert.equal(repairCount(a.quality, 'samples', /negatives sampled/), 400);
    const again = await allRows(
      (await runPrepare(negativesConfig(path, 1), join(dir, 'b'))).dir,
      '"user", item, sampled',
    );
    const other = await allRows(
      (await runPrepare(negativesConfig(path, 2), join(dir, 'c'))).dir,
      '"user", item, sampled',
    );
    const key = (rs: typeof rows) =>
      rs
        .filter((r) => num(r.sampled) === 1)
        .map((r) => `${r.user}|${r.item}`)
        .sort()
        .join();
    assert.equal(key(again), key(rows), 'same seed, same negatives');
    assert.notEqual(key(other), key(rows), 'another seed, other negatives');
  });
});

test('sampleNegatives() draws by popularity^alpha and never a seen pair', () => {
  // Users 0..89 bought item 1, users 90..99 item 2; 10 items in all.
  const n = 100;
  const user = Int32Array.from({ length: n }, (_, i) => i);
  const item = Int32Array.from(user, (u) => (u < 90 ? 1 : 2));
  const split = new Uint8Array(n);
  const shareOfItem1 = (alpha: number) => {
    const plan = sampleNegatives(user, item, split, 10, {
      ratio: 20,
      alpha,
      seed: 3,
    });
    let mine = 0;
    let ones = 0;
    plan.parent.forEach((p, k) => {
      assert.notEqual(plan.item[k], item[p], 'a seen pair');
      if (p < 90) return;
      mine++;
      if (plan.item[k] === 1) ones++;
    });
    assert.equal(mine, 10 * 20);
    return ones / mine;
  };
  // Weights (count + 1)^alpha: alpha 1 gives item 1 91 / (91 + 8) of the
  // draws a user 90..99 keeps; alpha 0 gives every unseen item 1 / 9.
  assert.ok(Math.abs(shareOfItem1(1) - 91 / 99) < 0.06, `${shareOfItem1(1)}`);
  assert.ok(Math.abs(shareOfItem1(0) - 1 / 9) < 0.08, `${shareOfItem1(0)}`);
  const again = sampleNegatives(user, item, split, 10, {
    ratio: 1.5,
    alpha: 0.5,
    seed: 4,
  });
  const same = sampleNegatives(user, item, split, 10, {
    ratio: 1.5,
    alpha: 0.5,
    seed: 4,
  });
  assert.deepEqual(again, same);
  assert.ok(Math.abs(again.parent.length - 150) < 25, 'fractional ratio');
});

test('aliasSampler() draws in proportion to the weights', () => {
  const weights = Float64Array.from([1, 2, 3, 4]);
  const draw = aliasSampler(weights, new Rng(5));
  const counts = [0, 0, 0, 0];
  const n = 100_000;
  for (let i = 0; i < n; i++) counts[draw()]++;
  counts.forEach((c, i) => {
    const p = weights[i] / 10;
    const se = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(c / n - p) < 5 * se, `item ${i}: ${c / n} vs ${p}`);
  });
});
