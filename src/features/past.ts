import { orderBy } from '../data/order.ts';
import { hash01 } from '../data/split.ts';
import { TagCounter } from './tag-counter.ts';
/**
 * Features counted from the past only: a user's activity, an item's
 * popularity and a user's interest tags (top categories, brands, ... with
 * weights), each as of strictly before the sample's time.
 *
 * With timestamps, an engagement at time e counts for a sample at time t
 * only when e < t, so a sample never sees its own or later events. Without
 * timestamps there is no past; counts then come from the training split's
 * engagements in other folds than the sample's (see countOutOfFold), and
 * valid and test samples see the training split only.
 */

export interface PastInput {
  rows: number;
  user: Int32Array;
  item: Int32Array;
  /** Per tag attribute, the sample item's value index (-1 when unknown). */
  tags: Int32Array[];
  /** Exposure time, NaN when the data has none. */
  ts: Float64Array;
  /** First engagement time, NaN when the sample has no engagement. */
  ets: Float64Array;
  engaged: Uint8Array;
  /** 0 train, 1 valid, 2 test. */
  split: Uint8Array;
  /** Number of top tags kept per attribute. */
  topK: number;
  /** True to count by time; false for out-of-fold counts over train. */
  timed: boolean;
  /** Seed of the fold assignment (untimed data only). */
  seed: number;
}

export interface PastFeatures {
  /** Engagements of the sample's user before it. */
  userActivity: Float32Array;
  /** Engagements of the sample's item before it. */
  itemPopularity: Float32Array;
  /** Per tag attribute: rows x topK tag value indices (-1 none). */
  tagIds: Int32Array[];
  /** Per tag attribute: rows x topK shares of the user's engagements. */
  tagWeights: Float32Array[];
  /** Per tag attribute: the share of the user's engagements in the
   * sample item's own value (0 when the user has none). */
  tagMatch: Float32Array[];
}

export function pastFeatures(input: PastInput): PastFeatures {
  const out = allocate(input);
  if (input.timed) countTimed(input, out);
  else countOutOfFold(input, out);
  return out;
}

const FOLDS = 5;

function allocate(input: PastInput): PastFeatures {
  const n = input.rows;
  const k = input.topK;
  return {
    userActivity: new Float32Array(n),
    itemPopularity: new Float32Array(n),
    tagIds: input.tags.map(() => new Int32Array(n * k).fill(-1)),
    tagWeights: input.tags.map(() => new Float32Array(n * k)),
    tagMatch: input.tags.map(() => new Float32Array(n)),
  };
}

function countTimed(input: PastInput, out: PastFeatures): void {
  const { rows: n, user, item, tags, ts, ets, engaged, topK } = input;
  const byTime = orderBy(ts);
  const engagedRows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (engaged[i] && !Number.isNaN(ets[i])) engagedRows.push(i);
  }
  const engagements = orderBy(ets, Int32Array.from(engagedRows));
  const userCount = new Float64Array(maxOf(user) + 1);
  const itemCount = new Float64Array(maxOf(item) + 1);
  const width = tags.map((t) => maxOf(t) + 1);
  const counters = tags.map(
    (_, a) => new TagCounter(topK, width[a], userCount.length),
  );
  let next = 0;
  for (const i of byTime) {
    while (next < engagements.length && ets[engagements[next]] < ts[i]) {
      const e = engagements[next++];
      userCount[user[e]]++;
      itemCount[item[e]]++;
      for (let a = 0; a < tags.length; a++) {
        if (tags[a][e] >= 0) counters[a].add(user[e], tags[a][e]);
      }
    }
    const total = userCount[user[i]];
    out.userActivity[i] = total;
    out.itemPopularity[i] = itemCount[item[i]];
    for (let a = 0; a < tags.length; a++) {
      writeTags(out, a, i, counters[a], user[i], tags[a][i], total, topK);
    }
  }
}

/** Row `i`'s top tags of attribute `a`, their weights and its match. */
function writeTags(
  out: PastFeatures,
  a: number,
  i: number,
  counter: TagCounter,
  u: number,
  own: number,
  total: number,
  topK: number,
): void {
  const ids = out.tagIds[a];
  const weights = out.tagWeights[a];
  const n = counter.size(u);
  for (let j = 0; j < n; j++) {
    ids[i * topK + j] = counter.tagAt(u, j);
    weights[i * topK + j] = counter.countAt(u, j) / total;
  }
  if (own >= 0 && total > 0) out.tagMatch[a][i] = counter.count(u, own) / total;
}

/**
 * Without timestamps: out-of-fold counts. Training samples are dealt into
 * FOLDS folds; a training sample sees the engagements of the other folds
 * only, so neither its own label nor the labels of its fold-mates (which
 * share its user) reach its features. Valid and test samples see all of
 * train, with counts scaled by (FOLDS - 1) / FOLDS to match.
 */
function countOutOfFold(input: PastInput, out: PastFeatures): void {
  const { rows: n, user, item, tags, engaged, split, topK } = input;
  const fold = Int8Array.from({ length: n }, (_, i) =>
    split[i] === 0 ? Math.floor(hash01(i, input.seed) * FOLDS) : FOLDS,
  );
  // Counts per key and fold; slot FOLDS holds the total.
  const userCount = new Map<number, Float64Array>();
  const itemCount = new Map<number, Float64Array>();
  const width = tags.map((t) => maxOf(t) + 1);
  const tagCount = tags.map(() => new Map<number, Float64Array>());
  const userTags = tags.map(() => new Map<number, Set<number>>());
  const bump = (m: Map<number, Float64Array>, k: number, f: number) => {
    let c = m.get(k);
    if (!c) m.set(k, (c = new Float64Array(FOLDS + 1)));
    c[f]++;
    c[FOLDS]++;
  };
  for (let i = 0; i < n; i++) {
    if (!engaged[i] || split[i] !== 0) continue;
    bump(userCount, user[i], fold[i]);
    bump(itemCount, item[i], fold[i]);
    tags.forEach((t, a) => {
      if (t[i] < 0) return;
      bump(tagCount[a], user[i] * width[a] + t[i], fold[i]);
      let set = userTags[a].get(user[i]);
      if (!set) userTags[a].set(user[i], (set = new Set()));
      set.add(t[i]);
    });
  }
  const scale = (FOLDS - 1) / FOLDS;
  const seen = (c: Float64Array | undefined, f: number) =>
    !c ? 0 : f === FOLDS ? c[FOLDS] * scale : c[FOLDS] - c[f];
  const topCache = tags.map(() => new Map<number, number[]>());
  for (let i = 0; i < n; i++) {
    const f = fold[i];
    const total = seen(userCount.get(user[i]), f);
    out.userActivity[i] = total;
    out.itemPopularity[i] = seen(itemCount.get(item[i]), f);
    tags.forEach((t, a) => {
      const count = (tag: number) =>
        seen(tagCount[a].get(user[i] * width[a] + tag), f);
      const key = user[i] * (FOLDS + 1) + f;
      let ranked = topCache[a].get(key);
      if (!ranked) {
        ranked = [...(userTags[a].get(user[i]) ?? [])]
          .filter((tag) => count(tag) > 0)
          .sort((x, y) => count(y) - count(x) || x - y)
          .slice(0, topK);
        topCache[a].set(key, ranked);
      }
      ranked.forEach((tag, j) => {
        out.tagIds[a][i * topK + j] = tag;
        out.tagWeights[a][i * topK + j] = count(tag) / total;
      });
      if (t[i] >= 0 && total > 0) out.tagMatch[a][i] = count(t[i]) / total;
    });
  }
}

function maxOf(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}
