import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FAKE_CLICK,
  FLIP_OFF,
  FLIP_ON,
  plantNoise,
} from '../../src/importance/plant.ts';
import type { Labelled } from '../../src/importance/types.ts';

/** 1000 rows x [click, purchase]: rows 0-599 observed clicks (every 10th a
 * purchase), rows 600-999 sampled negatives. */
function world(): { labels: Labelled; sampled: Uint8Array } {
  const rows = 1000;
  const labels = new Float32Array(rows * 2);
  const sampled = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    if (r < 600) {
      labels[r * 2] = 1;
      labels[r * 2 + 1] = r % 10 === 0 ? 1 : 0;
    } else sampled[r] = 1;
  }
  return { labels: { rows, tasks: 2, labels }, sampled };
}

const options = { flipTask: 1, flipRate: 0.1, fakeClickRate: 0.2, seed: 3 };

test('plantNoise() inverts exactly round(rate·observed) purchase labels', () => {
  const w = world();
  const p = plantNoise(w.labels, w.sampled, options);
  let changed = 0;
  for (let r = 0; r < 1000; r++) {
    const before = w.labels.labels[r * 2 + 1];
    const after = p.labels.labels[r * 2 + 1];
    if (before !== after) {
      changed++;
      assert.equal(after, 1 - before);
      assert.equal(w.sampled[r], 0, `row ${r} is a sampled negative`);
    }
  }
  assert.equal(p.flipped, 60);
  assert.equal(changed, 60);
});

test('plantNoise() turns round(rate·negatives) click negatives into clicks', () => {
  const w = world();
  const p = plantNoise(w.labels, w.sampled, options);
  let fake = 0;
  for (let r = 0; r < 1000; r++) {
    if (w.labels.labels[r * 2] === 0 && p.labels.labels[r * 2] === 1) fake++;
    if (w.labels.labels[r * 2] === 1) assert.equal(p.labels.labels[r * 2], 1);
  }
  assert.equal(p.fakeClicks, 80);
  assert.equal(fake, 80);
});

test('plantNoise() flags exactly the rows whose labels changed', () => {
  const w = world();
  const p = plantNoise(w.labels, w.sampled, options);
  for (let r = 0; r < 1000; r++) {
    const changed =
      w.labels.labels[r * 2] !== p.labels.labels[r * 2] ||
      w.labels.labels[r * 2 + 1] !== p.labels.labels[r * 2 + 1];
    assert.equal(p.flags[r], changed ? 1 : 0, `row ${r}`);
  }
  assert.equal(
    p.flags.reduce((s, f) => s + f, 0),
    140,
  );
});

test('plantNoise() is seeded and leaves its input untouched', () => {
  const w = world();
  const copy = Float32Array.from(w.labels.labels);
  const a = plantNoise(w.labels, w.sampled, options);
  const b = plantNoise(w.labels, w.sampled, options);
  const c = plantNoise(w.labels, w.sampled, { ...options, seed: 4 });
  assert.deepEqual(a.labels.labels, b.labels.labels);
  assert.notDeepEqual(a.flags, c.flags);
  assert.deepEqual(w.labels.labels, copy);
});

test('plantNoise() rejects rates outside [0, 1] and unknown tasks', () => {
  const w = world();
  assert.throws(
    () => plantNoise(w.labels, w.sampled, { ...options, flipRate: 1.5 }),
    /flipRate must be in \[0, 1\]/,
  );
  assert.throws(
    () => plantNoise(w.labels, w.sampled, { ...options, flipTask: 2 }),
    /flipTask must be a task index/,
  );
});

test('plantNoise() makes planted events look logged: funnel and sampled', () => {
  const w = world();
  const p = plantNoise(w.labels, w.sampled, { ...options, implies: [0] });
  const s = p.sampled!;
  for (let r = 0; r < 1000; r++) {
    const fake = w.labels.labels[r * 2] === 0 && p.labels.labels[r * 2] === 1;
    assert.equal(s[r], fake ? 0 : w.sampled[r], `row ${r}`);
    if (p.labels.labels[r * 2 + 1] === 1) {
      assert.equal(
        p.labels.labels[r * 2],
        1,
        `row ${r}: purchase implies click`,
      );
    }
  }
  assert.equal(
    s.reduce((a, b) => a + b, 0),
    400 - p.fakeClicks,
  );
  assert.throws(
    () => plantNoise(w.labels, w.sampled, { ...options, implies: [5] }),
    /implies must be a task index/,
  );
});

test('plantNoise() sets the implied tasks only on flips to 1', () => {
  const rows = 100;
  const labels = { rows, tasks: 2, labels: new Float32Array(rows * 2) };
  const o = { flipTask: 1, flipRate: 0.5, fakeClickRate: 0, seed: 1 };
  const plain = plantNoise(labels, undefined, o);
  const funnel = plantNoise(labels, undefined, { ...o, implies: [0] });
  assert.equal(plain.sampled, undefined);
  for (let r = 0; r < rows; r++) {
    assert.equal(plain.labels.labels[r * 2], 0);
    assert.equal(funnel.labels.labels[r * 2], funnel.flags[r]);
    assert.equal(funnel.labels.labels[r * 2 + 1], funnel.flags[r]);
  }
  assert.equal(funnel.flipped, 50);
});

test('plantNoise() kinds say what was done to each row', () => {
  const w = world();
  const p = plantNoise(w.labels, w.sampled, options);
  const count = [0, 0, 0];
  for (let r = 0; r < 1000; r++) {
    const before = w.labels.labels;
    const after = p.labels.labels;
    const fake = before[r * 2] === 0 && after[r * 2] === 1;
    const on = before[r * 2 + 1] === 0 && after[r * 2 + 1] === 1;
    const off = before[r * 2 + 1] === 1 && after[r * 2 + 1] === 0;
    const want =
      (fake ? FAKE_CLICK : 0) | (on ? FLIP_ON : 0) | (off ? FLIP_OFF : 0);
    assert.equal(p.kinds[r], want, `row ${r}`);
    assert.equal(p.kinds[r] !== 0, p.flags[r] === 1);
    if (fake) count[0]++;
    if (on) count[1]++;
    if (off) count[2]++;
  }
  assert.equal(count[0], p.fakeClicks);
  assert.equal(count[1] + count[2], p.flipped);
  assert.ok(count[1] > 0 && count[2] > 0);
});
