/**
 * The result page of a session: a search for a few terms in one category,
 * ranked by how well titles match and by quality, or a browsing feed mixing
 * the user's interests with what is popular.
 */
import type { Rng } from '../util/rng.ts';
import { TITLE_MAX } from './catalog.ts';
import { TERMS_PER_CATEGORY } from './vocabulary.ts';
import { drawInterest } from './population.ts';
import type { World } from './world.ts';

/** Share of sessions that start with a search. */
export const SEARCH_SHARE = 0.5;

export interface Page {
  search: boolean;
  /** Space-separated query terms; empty when browsing. */
  query: string;
  /** Item index at position k + 1. */
  items: number[];
  /** Share of query terms found in each item's title, in [0, 1]. */
  relevance: number[];
}

/** Builds pages, reusing scratch space between sessions. */
export class PageBuilder {
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(private readonly world: World) {
    this.seen = new Int32Array(world.catalog.items);
  }

  build(rng: Rng, user: number): Page {
    this.stamp++;
    return rng.next() < SEARCH_SHARE
      ? this.search(rng, user)
      : this.browse(rng, user);
  }

  private search(rng: Rng, user: number): Page {
    const c = this.world.catalog;
    const category =
      rng.next() < 0.85
        ? drawInterest(this.world.population, user, rng)
        : c.categoryPopularity.sample(rng);
    const terms = this.queryTerms(rng, category);
    const pool = c.categoryItems[category];
    const size = Math.min(pool.length, 10 + rng.int(11));
    const found: { item: number; rel: number; score: number }[] = [];
    for (let t = 0; t < 3 * size && found.length < 2 * size; t++) {
      const item = pool[c.categoryItemDraw[category].sample(rng)];
      if (!this.mark(item)) continue;
      const rel = this.overlap(item, terms);
      const score = 2 * rel + 0.3 * c.itemQuality[item] + 0.3 * rng.normal();
      found.push({ item, rel, score });
    }
    found.sort((a, b) => b.score - a.score || a.item - b.item);
    const top = found.slice(0, size);
    return {
      search: true,
      query: terms.map((t) => c.terms[t]).join(' '),
      items: top.map((f) => f.item),
      relevance: top.map((f) => f.rel),
    };
  }

  private browse(rng: Rng, user: number): Page {
    const c = this.world.catalog;
    const size = 8 + rng.int(17);
    const items: number[] = [];
    for (let t = 0; t < 3 * size && items.length < size; t++) {
      const category =
        rng.next() < 0.6
          ? drawInterest(this.world.population, user, rng)
          : c.categoryPopularity.sample(rng);
      const pool = c.categoryItems[category];
      const item = pool[c.categoryItemDraw[category].sample(rng)];
      if (this.mark(item)) items.push(item);
    }
    return { search: false, query: '', items, relevance: items.map(() => 0) };
  }

  private queryTerms(rng: Rng, category: number): number[] {
    const want = 1 + (rng.next() < 0.55 ? 1 : 0) + (rng.next() < 0.2 ? 1 : 0);
    const terms: number[] = [];
    for (let t = 0; t < 3 * want && terms.length < want; t++) {
      const rank = this.world.catalog.termRank.sample(rng);
      const term = category * TERMS_PER_CATEGORY + rank;
      if (!terms.includes(term)) terms.push(term);
    }
    return terms;
  }

  private overlap(item: number, terms: number[]): number {
    const title = this.world.catalog.itemTitle;
    let hits = 0;
    for (const term of terms) {
      for (let j = 0; j < TITLE_MAX; j++) {
        if (title[item * TITLE_MAX + j] === term) {
          hits++;
          break;
        }
      }
    }
    return hits / terms.length;
  }

  /** True the first time `item` is seen on the current page. */
  private mark(item: number): boolean {
    if (this.seen[item] === this.stamp) return false;
    this.seen[item] = this.stamp;
    return true;
  }
}
