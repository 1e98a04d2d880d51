import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeVocabulary } from '../../src/generate/vocabulary.ts';
import { Rng } from '../../src/util/rng.ts';

test('makeVocabulary() makes distinct lowercase words, perCategory each', () => {
  const words = makeVocabulary(new Rng(2), 200, 24);
  assert.equal(words.length, 4800);
  assert.equal(new Set(words).size, words.length);
  for (const w of words) assert.match(w, /^[a-z]{4,}$/);
});

test('makeVocabulary() is the same for the same seed', () => {
  assert.deepEqual(
    makeVocabulary(new Rng(5), 10),
    makeVocabulary(new Rng(5), 10),
  );
});
