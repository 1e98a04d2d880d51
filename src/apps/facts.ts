/**
 * Per-user behaviour facts counted from a prepared dataset (every split,
 * observed rows only; sampled negatives are not behaviour). The first task
 * is read as the engagement (e.g. click) and the last as the conversion
 * (e.g. purchase).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedData } from '../data/load.ts';
import type { NumericFeature, SplitArrays } from '../data/types.ts';

/** Behaviour facts of one user; counts are over observed exposures. */
export interface UserFacts {
  exposures: number;
  /** Positives per task, in task order. */
  positives: number[];
  /** Engagements per tag attribute and value name. */
  tagCounts: Map<string, Map<string, number>>;
  /** Times (s) of the first and last exposure and engagement; NaN none. */
  firstSeen: number;
  lastSeen: number;
  lastEngaged: number;
  lastBought: number;
  /** Distinct days (UTC) with an exposure. */
  activeDays: Set<number>;
  /** Sum of recovered item prices over conversions (0 without prices). */
  spend: number;
}

export interface FactsTable {
  tasks: string[];
  /** Tag attributes, the first being the category used in summaries. */
  tagAttrs: string[];
  users: Map<string, UserFacts>;
  /** Latest time in the data (s), NaN when the data has no time. */
  end: number;
  /** True when an item price was found and `spend` is meaningful. */
  hasPrice: boolean;
}

const DAY = 86_400;

/** Counts the facts of every user of `data`. */
export function countFacts(data: PreparedData): FactsTable {
  const m = data.manifest;
  const vocab = readVocab(data.dir);
  const catNames = m.features
    .filter((f) => f.kind === 'categorical')
    .map((f) => f.name);
  const tagAttrs = [
    ...new Set(catNames.flatMap((n) => /^user_tag_(.+)_1$/.exec(n)?.[1] ?? [])),
  ].filter((a) => catNames.includes(`item_${a}`));
  const tagFields = tagAttrs.map((a) => catNames.indexOf(`item_${a}`));
  const price = priceReader(m.features, vocab);
  const table: FactsTable = {
    tasks: m.tasks.map((t) => t.name),
    tagAttrs,
    users: new Map(),
    end: NaN,
    hasPrice: price !== null,
  };
  for (const s of Object.values(data.splits)) {
    for (let r = 0; r < s.rows; r++) {
      if (s.sampled[r]) continue;
      const f = factsOf(table, s.userKeys[s.user[r]]);
      addRow(f, s, r, price);
      if (s.labels[r * s.nTasks] > 0) {
        tagFields.forEach((field, a) => {
          const id = s.cat[r * s.nCat + field];
          const name = vocab[`item_${tagAttrs[a]}`]?.[id] || `#${id}`;
          if (id > 0) bump(f.tagCounts, tagAttrs[a], name);
        });
      }
      if (!(table.end >= s.time[r])) table.end = s.time[r];
    }
  }
  return table;
}

function addRow(
  f: UserFacts,
  s: SplitArrays,
  r: number,
  price: ((s: SplitArrays, r: number) => number) | null,
): void {
  const t = s.time[r];
  f.exposures++;
  for (let k = 0; k < s.nTasks; k++)
    f.positives[k] += s.labels[r * s.nTasks + k];
  if (!Number.isNaN(t)) {
    if (!(f.firstSeen <= t)) f.firstSeen = t;
    if (!(f.lastSeen >= t)) f.lastSeen = t;
    f.activeDays.add(Math.floor(t / DAY));
  }
  if (s.labels[r * s.nTasks] > 0 && !(f.lastEngaged >= t)) f.lastEngaged = t;
  if (s.labels[r * s.nTasks + s.nTasks - 1] > 0) {
    if (!(f.lastBought >= t)) f.lastBought = t;
    if (price) f.spend += price(s, r);
  }
}

function factsOf(table: FactsTable, user: string): UserFacts {
  let f = table.users.get(user);
  if (!f) {
    f = {
      exposures: 0,
      positives: table.tasks.map(() => 0),
      tagCounts: new Map(),
      firstSeen: NaN,
      lastSeen: NaN,
      lastEngaged: NaN,
      lastBought: NaN,
      activeDays: new Set(),
      spend: 0,
    };
    table.users.set(user, f);
  }
  return f;
}

function bump(m: Map<string, Map<string, number>>, a: string, v: string) {
  let inner = m.get(a);
  if (!inner) m.set(a, (inner = new Map()));
  inner.set(v, (inner.get(v) ?? 0) + 1);
}

function readVocab(dir: string): Record<string, string[]> {
  const path = join(dir, 'vocab.json');
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string[]>;
}

/**
 * Reads the raw price of a row's item back from its standardised value.
 * Standardisation may have applied log1p first (Winnow does for
 * non-negative columns) and the manifest does not say; the bucket cut
 * points in vocab.json are raw values, so the inverse whose value at the
 * mean lies nearer the median cut point is taken. Null without a price.
 */
function priceReader(
  features: PreparedData['manifest']['features'],
  vocab: Record<string, string[]>,
): ((s: SplitArrays, r: number) => number) | null {
  const nums = features.filter((f) => f.kind === 'numeric');
  const at = nums.findIndex((f) => f.name === 'item_price');
  if (at < 0) return null;
  const spec = nums[at] as NumericFeature;
  const cuts = (vocab.item_price_bucket ?? [])
    .map((v) => Number(v.replace('>=', '')))
    .filter(Number.isFinite);
  const median = cuts[Math.floor(cuts.length / 2)];
  const logGap = Math.abs(Math.expm1(spec.mean) - median);
  const log = median !== undefined && logGap < Math.abs(spec.mean - median);
  return (s, r) => {
    const x = s.dense[r * s.nDense + at] * spec.std + spec.mean;
    return log ? Math.expm1(x) : x;
  };
}
