/**
 * Candidate generation for recommendation, from three sources:
 *   tags      items sharing a value (category, brand, ...) with the user's
 *             interest tags, most engaged first
 *   popular   the most engaged items overall
 *   similar   the nearest items, in the learned item space, to the mean
 *             vector of the user's recent engagements
 * An unknown user has no tags and no history, so gets popular items only.
 */
import type { App } from './context.ts';
import { buildItemIndex, meanVector, type ItemIndex } from './item-index.ts';
import { userOf, type FeatureStore } from './store.ts';

export type Source = 'tags' | 'popular' | 'similar';

export interface CandidateOptions {
  /** Items taken from each source, >= 1. */
  perSource: number;
  /** Recent engagements averaged into the "similar" query. */
  recent: number;
}

export const DEFAULT_CANDIDATES: CandidateOptions = {
  perSource: 100,
  recent: 10,
};

/** Candidate item keys with the sources that proposed each. */
export type Candidates = Map<string, Source[]>;

interface Indexes {
  popular: string[];
  /** Per tag attribute: [user tag fields, item field, tag id -> items]. */
  tags: {
    userFields: number[];
    itemField: number;
    byTag: Map<number, string[]>;
  }[];
  ann: ItemIndex | null;
  rowOf: Map<string, number>;
}

const cache = new WeakMap<App, Indexes>();

/** The candidates for `user`, in source order, without duplicates. */
export function candidatesFor(
  app: App,
  user: string,
  options: CandidateOptions = DEFAULT_CANDIDATES,
): Candidates {
  const ix = indexesOf(app);
  const out: Candidates = new Map();
  const add = (keys: Iterable<string>, source: Source) => {
    let n = 0;
    for (const key of keys) {
      if (n++ >= options.perSource) break;
      const sources = out.get(key);
      if (sources) sources.push(source);
      else out.set(key, [source]);
    }
  };
  const u = userOf(app.store, user);
  if (u) add(tagItems(ix, u.cat), 'tags');
  add(ix.popular, 'popular');
  if (u && ix.ann && app.itemSpace) {
    const recent = u.engaged.slice(-options.recent);
    const q = meanVector(app.itemSpace, ix.rowOf, recent);
    if (q) add(ix.ann.nearest(q, options.perSource), 'similar');
  }
  return out;
}

/** Items matching the user's tags, by tag rank, then popularity. */
function* tagItems(ix: Indexes, userCat: number[]): Generator<string> {
  const seen = new Set<string>();
  for (const t of ix.tags) {
    for (const f of t.userFields) {
      for (const key of t.byTag.get(userCat[f]) ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        yield key;
      }
    }
  }
}

function indexesOf(app: App): Indexes {
  let ix = cache.get(app);
  if (!ix) cache.set(app, (ix = buildIndexes(app)));
  return ix;
}

function buildIndexes(app: App): Indexes {
  const store = app.store;
  const popular = Object.keys(store.items).sort(
    (a, b) =>
      store.items[b].engagements - store.items[a].engagements ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  const space = app.itemSpace;
  return {
    popular,
    tags: tagIndexes(store, popular),
    ann: space && space.keys.length ? buildItemIndex(space) : null,
    rowOf: new Map(space?.keys.map((k, i) => [k, i]) ?? []),
  };
}

function tagIndexes(store: FeatureStore, popular: string[]): Indexes['tags'] {
  const attrs = new Map<string, number[]>();
  store.catNames.forEach((name, f) => {
    const m = /^user_tag_(.+)_\d+$/.exec(name);
    if (m) attrs.set(m[1], [...(attrs.get(m[1]) ?? []), f]);
  });
  const out: Indexes['tags'] = [];
  for (const [attr, userFields] of attrs) {
    const itemField = store.catNames.indexOf(`item_${attr}`);
    if (itemField < 0) continue;
    const byTag = new Map<number, string[]>();
    for (const key of popular) {
      const tag = store.items[key].cat[itemField];
      if (tag <= 0) continue;
      byTag.set(tag, [...(byTag.get(tag) ?? []), key]);
    }
    out.push({ userFields, itemField, byTag });
  }
  return out;
}
