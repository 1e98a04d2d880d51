/**
 * Made-up but pronounceable words: each category gets its own vocabulary,
 * from which item titles and search queries draw their terms.
 */
import type { Rng } from '../util/rng.ts';

const ONSETS = 'b d f g k l m n p r s t v z ch sh tr br'.split(' ');
const VOWELS = 'a e i o u ai ou'.split(' ');
const CODAS = ['', '', '', 'n', 'r', 's', 'x', 'l'];

/** Number of terms in each category's vocabulary. */
export const TERMS_PER_CATEGORY = 24;

/** Distinct words, `perCategory` for each category, in category order. */
export function makeVocabulary(
  rng: Rng,
  categories: number,
  perCategory = TERMS_PER_CATEGORY,
): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < categories * perCategory) {
    const w = makeWord(rng);
    if (seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  return words;
}

function makeWord(rng: Rng): string {
  const syllables = 2 + (rng.next() < 0.4 ? 1 : 0);
  let w = '';
  for (let s = 0; s < syllables; s++) {
    w += pick(rng, ONSETS) + pick(rng, VOWELS);
  }
  return w + pick(rng, CODAS);
}

function pick(rng: Rng, a: readonly string[]): string {
  return a[rng.int(a.length)];
}
