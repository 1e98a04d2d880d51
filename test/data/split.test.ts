import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitByHash, TEST, TRAIN, VALID } from '../../src/data/split.ts';

/** 2,000 users with 5 samples each, user-major. */
const users = Int32Array.from({ length: 10_000 }, (_, i) => Math.floor(i / 5));
/** Binomial spread of a share over n draws: 5 standard deviations. */
const spread = (p: number, n: number) => 5 * Math.sqrt((p * (1 - p)) / n);

test("splitByHash() by 'user' puts all of a user's samples in one split", () => {
  const { split, detail } = splitByHash(users, 0.1, 0.2, 7, 'user');
  for (let i = 0; i < users.length; i++) {
    assert.equal(split[i], split[users[i] * 5], `sample ${i}`);
  }
  const perUser = Array.from({ length: 2000 }, (_, u) => split[u * 5]);
  const share = (s: number) => perUser.filter((x) => x === s).length / 2000;
  assert.ok(Math.abs(share(VALID) - 0.1) < spread(0.1, 2000));
  assert.ok(Math.abs(share(TEST) - 0.2) < spread(0.2, 2000));
  assert.match(detail, /all samples of a user go together/);
});

test("splitByHash() by 'sample' spreads a user's samples over the splits", () => {
  const { split } = splitByHash(users, 0.1, 0.2, 7);
  let mixed = 0;
  for (let u = 0; u < 2000; u++) {
    const s = new Set(split.subarray(u * 5, u * 5 + 5));
    if (s.size > 1) mixed++;
  }
  // P(all 5 in one split) = 0.7^5 + 0.1^5 + 0.2^5, about 0.17.
  assert.ok(mixed > 2000 * 0.75, `${mixed} users span several splits`);
  const train = split.filter((x) => x === TRAIN).length / split.length;
  assert.ok(Math.abs(train - 0.7) < spread(0.7, split.length));
});
