import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cartProbability,
  clickProbability,
  positionBias,
  purchaseProbability,
  type Appeal,
} from '../../src/generate/behaviour.ts';

const EXACT = 1e-12;
const base: Appeal = { interest: 0.5, taste: 0, quality: 0, priceCost: 0 };

test('positionBias() is 1 at the top and 1/log2(1 + pos) below', () => {
  assert.equal(positionBias(1), 1);
  assert.ok(Math.abs(positionBias(3) - 0.5) < EXACT);
  assert.ok(Math.abs(positionBias(7) - 1 / 3) < EXACT);
});

test('clickProbability() rises with interest and quality, falls with price', () => {
  const p = (a: Partial<Appeal>) =>
    clickProbability({ ...base, ...a }, 1, 0, false);
  assert.ok(p({ interest: 1 }) > p({ interest: 0 }));
  assert.ok(p({ quality: 1 }) > p({ quality: -1 }));
  assert.ok(p({ priceCost: 1 }) < p({ priceCost: -1 }));
});

test('clickProbability() scales with the position bias', () => {
  const top = clickProbability(base, 1, 0, false);
  assert.ok(Math.abs(clickProbability(base, 3, 0, false) - top / 2) < EXACT);
});

test('clickProbability() of a search rises with relevance', () => {
  assert.ok(
    clickProbability(base, 1, 1, true) > clickProbability(base, 1, 0, true),
  );
});

test('cart and purchase probabilities are in (0, 1) and rise with interest', () => {
  for (const f of [cartProbability, purchaseProbability]) {
    const lo = f({ ...base, interest: 0 });
    const hi = f({ ...base, interest: 1 });
    assert.ok(lo > 0 && hi < 1 && hi > lo);
  }
});
