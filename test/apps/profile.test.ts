import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countFacts } from '../../src/apps/facts.ts';
import { PROPENSITY_PRIOR, userProfile } from '../../src/apps/profile.ts';
import { segments } from '../../src/apps/segments.ts';
import { DAY, END, START, handmadeData } from './handmade.ts';

const EPS = 1e-12;

test('userProfile() counts activity, tags and RFM by hand', () => {
  const facts = countFacts(handmadeData());
  const p = userProfile(facts, 'ann');
  assert.equal(p.known, true);
  assert.equal(p.activity.exposures, 3);
  assert.deepEqual(p.activity.positives, { click: 3, purchase: 2 });
  assert.equal(p.activity.activeDays, 3);
  assert.equal(p.activity.firstSeen, new Date(START * 1000).toISOString());
  // Ann engaged with shoes twice and hats once (ids read as "#id" without
  // a vocab.json).
  assert.deepEqual(
    p.tags.map((t) => [t.value, t.weight]),
    [
      ['#1', 2 / 3],
      ['#2', 1 / 3],
    ],
  );
  // Last engagement on day 2, data ends on day 4 (cy's observed row).
  assert.equal(p.rfm.recencyDays, 2);
  assert.equal(p.rfm.frequency, 2);
  // Prices are standardised linearly (the median cut is absent): 30 + 30.
  assert.ok(Math.abs(p.rfm.monetary! - 60) < 1e-4);
  assert.equal(END - START, 4 * DAY);
});

test('userProfile() shrinks conversion toward the global rate', () => {
  const facts = countFacts(handmadeData());
  // Observed rows: 6 exposures, 2 purchases (the sampled row is ignored).
  const global = 2 / 6;
  const ann = userProfile(facts, 'ann').propensity;
  const bob = userProfile(facts, 'bob').propensity;
  const expected = (c: number, n: number) =>
    (c + PROPENSITY_PRIOR * global) / (n + PROPENSITY_PRIOR);
  assert.ok(Math.abs(ann - expected(2, 3)) < EPS);
  assert.ok(Math.abs(bob - expected(0, 2)) < EPS);
});

test('userProfile() of an unknown user is a cold profile, not an error', () => {
  const p = userProfile(countFacts(handmadeData()), 'nobody');
  assert.equal(p.known, false);
  assert.equal(p.activity.exposures, 0);
  assert.deepEqual(p.tags, []);
  assert.equal(p.rfm.recencyDays, null);
  assert.ok(Math.abs(p.propensity - 2 / 6) < EPS);
});

test('segments() sizes, top categories and conversion rates by hand', () => {
  const s = segments(countFacts(handmadeData()));
  const by = Object.fromEntries(s.map((x) => [x.name, x]));
  assert.equal(by['repeat buyers'].users, 1);
  assert.equal(by['browsers'].users, 1);
  assert.equal(by['inactive'].users, 1);
  assert.equal(by['one-time buyers'].users, 0);
  assert.ok(Math.abs(by['repeat buyers'].conversionRate - 2 / 3) < EPS);
  assert.ok(Math.abs(by['browsers'].engagementRate - 1 / 2) < EPS);
  assert.deepEqual(by['browsers'].topCategories, [{ value: '#2', share: 1 }]);
  assert.ok(Math.abs(by['inactive'].share - 1 / 3) < EPS);
});
