/**
 * Model input rows for (user, item, query) triples, built from the feature
 * store in the layout the model was trained on.
 *
 * Each feature is filled by its owner, read from its name:
 *   user_interest_in_<attr>   the user's tag weight for the candidate
 *                             item's <attr> (0 when not among the user's
 *                             top tags), standardised like in training
 *   event_<text>_term_<k>     the k-th term of the request's query, hashed
 *   user_*                    the user's latest sample
 *   item_*                    the item's latest sample
 *   anything else (event_*)   unknown at serving time: id 0, number 0
 *
 * Cold start: an unknown user or item contributes id 0 (out of vocabulary)
 * and 0 (the training mean) to every feature it owns, so the model scores
 * it as an average user or item. Position-like event features are left
 * missing for every candidate alike, so they cannot reorder a list.
 */
import type { Feature, NumericFeature } from '../data/types.ts';
import { hashTerm } from '../features/encode.ts';
import type { Batch } from '../model/api.ts';
import { itemOf, userOf, type FeatureStore, type StoredRow } from './store.ts';

const INTEREST = /^user_interest_in_(.+)$/;
const QUERY_TERM = /^event_.+_term_(\d+)$/;

type Fill =
  | { kind: 'user' | 'item' | 'none'; at: number }
  | { kind: 'query'; term: number; buckets: number }
  | { kind: 'interest'; itemTag: number; tags: TagColumn[] };

/** Where one of a user's top tags lives, and its weight's standardiser. */
interface TagColumn {
  id: number;
  w: number;
  mean: number;
  std: number;
}

/** How each feature of a model is filled; computed once per model. */
export interface RowPlan {
  cat: Fill[];
  dense: Fill[];
  numeric: NumericFeature[];
  /** Terms read from a query (the largest term position used). */
  terms: number;
}

/** Plans the rows for `features` (the model's, in its order). */
export function planRows(features: Feature[], store: FeatureStore): RowPlan {
  const cats = features.filter((f) => f.kind === 'categorical');
  const nums = features.filter((f) => f.kind === 'numeric');
  const catAt = new Map(store.catNames.map((n, i) => [n, i]));
  const denseAt = new Map(store.denseNames.map((n, i) => [n, i]));
  const own = (name: string, at: number | undefined): Fill => ({
    kind: at === undefined ? 'none' : owner(name),
    at: at ?? -1,
  });
  let terms = 0;
  const cat = cats.map((f): Fill => {
    const q = QUERY_TERM.exec(f.name);
    if (!q) return own(f.name, catAt.get(f.name));
    terms = Math.max(terms, Number(q[1]));
    return { kind: 'query', term: Number(q[1]) - 1, buckets: f.vocab };
  });
  const dense = nums.map((f): Fill => {
    const m = INTEREST.exec(f.name);
    if (!m) return own(f.name, denseAt.get(f.name));
    return interestFill(m[1], catAt, denseAt, nums);
  });
  return { cat, dense, numeric: nums, terms };
}

/** One row per item for `user` (any key) and an optional query text. */
export function buildRows(
  plan: RowPlan,
  store: FeatureStore,
  user: string,
  items: string[],
  query = '',
): Batch {
  const u = userOf(store, user);
  const terms = queryTerms(query, plan.terms);
  const nCat = plan.cat.length;
  const nDense = plan.dense.length;
  const batch: Batch = {
    rows: items.length,
    cat: new Int32Array(items.length * nCat),
    dense: new Float32Array(items.length * nDense),
  };
  items.forEach((key, r) => {
    const it = itemOf(store, key);
    plan.cat.forEach((fill, f) => {
      batch.cat[r * nCat + f] = catValue(fill, u, it, terms);
    });
    plan.dense.forEach((fill, f) => {
      const spec = plan.numeric[f];
      batch.dense[r * nDense + f] = denseValue(fill, spec, u, it);
    });
  });
  return batch;
}

/** The lower-cased whitespace-separated terms of a query, at most `n`. */
export function queryTerms(query: string, n: number): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, n);
}

function owner(name: string): 'user' | 'item' | 'none' {
  if (name.startsWith('user_')) return 'user';
  if (name.startsWith('item_')) return 'item';
  return 'none';
}

function interestFill(
  attr: string,
  catAt: Map<string, number>,
  denseAt: Map<string, number>,
  nums: NumericFeature[],
): Fill {
  const tags: TagColumn[] = [];
  for (let k = 1; ; k++) {
    const name = `user_tag_${attr}_${k}_weight`;
    const id = catAt.get(`user_tag_${attr}_${k}`);
    const w = denseAt.get(name);
    const spec = nums.find((f) => f.name === name);
    if (id === undefined || w === undefined || !spec) break;
    tags.push({ id, w, mean: spec.mean, std: spec.std });
  }
  const itemTag = catAt.get(`item_${attr}`);
  if (itemTag === undefined || !tags.length) return { kind: 'none', at: -1 };
  return { kind: 'interest', itemTag, tags };
}

function catValue(
  fill: Fill,
  u: StoredRow | undefined,
  it: StoredRow | undefined,
  terms: string[],
): number {
  if (fill.kind === 'query') {
    const t = terms[fill.term];
    return t === undefined ? 0 : hashTerm(t, fill.buckets);
  }
  if (fill.kind === 'user') return u?.cat[fill.at] ?? 0;
  if (fill.kind === 'item') return it?.cat[fill.at] ?? 0;
  return 0;
}

function denseValue(
  fill: Fill,
  spec: NumericFeature,
  u: StoredRow | undefined,
  it: StoredRow | undefined,
): number {
  if (fill.kind === 'user') return u?.dense[fill.at] ?? 0;
  if (fill.kind === 'item') return it?.dense[fill.at] ?? 0;
  if (fill.kind !== 'interest' || !u || !it) return 0;
  const tag = it.cat[fill.itemTag];
  const match = tag > 0 && fill.tags.find((t) => u.cat[t.id] === tag);
  const raw = match ? u.dense[match.w] * match.std + match.mean : 0;
  return (raw - spec.mean) / spec.std;
}
