/**
 * The `summary.json` written next to the scores table: how importance and
 * noise are distributed, where they concentrate, and the extreme samples.
 */
import type { ScoredSamples } from './scored.ts';
import { importanceOrder } from './table.ts';

/** Distribution of one column over the samples (NaN values skipped). */
export interface ColumnDistribution {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Quantiles p01, p05, p25, p50, p75, p95, p99 (nearest rank). */
  quantiles: Record<string, number>;
}

/** Mean importance and noise of a group of samples. */
export interface GroupStats {
  rows: number;
  meanImportance: number;
  meanNoise: number;
}

export interface SampleDigest {
  sample_id: number;
  importance: number;
  noise: number;
  user?: string;
  item?: string;
  labels: Record<string, number>;
}

export interface ScoreSummary {
  rows: number;
  columns: string[];
  distribution: Record<string, ColumnDistribution>;
  /** Per label combination, e.g. "click=1,conversion=0" (+ ",sampled"). */
  byStratum: Record<string, GroupStats>;
  /** Per item category (up to `maxCategories`, largest first). */
  byCategory: ({ category: number } & GroupStats)[];
  /** Per bucket of user activity (training rows of the user). */
  byUserActivity: ({ bucket: string; users: number } & GroupStats)[];
  top: SampleDigest[];
  bottom: SampleDigest[];
}

export interface SummaryOptions {
  /** Samples listed at each end. Default 20. */
  extremes?: number;
  /** Categories listed. Default 50. */
  maxCategories?: number;
}

const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/** User-activity buckets: [lowest rows, label]. */
const ACTIVITY: [number, string][] = [
  [1, '1'],
  [2, '2-4'],
  [5, '5-19'],
  [20, '20-99'],
  [100, '100+'],
];

/** Builds the summary. Pure; O(C·n log n) for C columns. */
export function summarizeScores(
  s: ScoredSamples,
  options: SummaryOptions = {},
): ScoreSummary {
  const distribution: Record<string, ColumnDistribution> = {
    importance: distributionOf(s.importance),
    noise: distributionOf(s.noise),
  };
  for (const [name, v] of s.columns) distribution[name] = distributionOf(v);
  const order = importanceOrder(s.importance, s.sampleId);
  const k = Math.min(options.extremes ?? 20, order.length);
  const digest = (r: number) => digestOf(s, r);
  return {
    rows: s.sampleId.length,
    columns: Object.keys(distribution),
    distribution,
    byStratum: byStratum(s),
    byCategory: byCategory(s, options.maxCategories ?? 50),
    byUserActivity: byUserActivity(s),
    top: Array.from(order.subarray(0, k), digest),
    bottom: Array.from(order.subarray(order.length - k).reverse(), digest),
  };
}

/** Count, mean, std, extremes and nearest-rank quantiles. */
export function distributionOf(values: ArrayLike<number>): ColumnDistribution {
  const v = Float64Array.from(values)
    .filter((x) => !Number.isNaN(x))
    .sort();
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i] / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (v[i] - mean) ** 2 / n;
  const quantiles: Record<string, number> = {};
  for (const q of QUANTILES) {
    const name = `p${String(Math.round(q * 100)).padStart(2, '0')}`;
    quantiles[name] = n ? v[Math.min(n - 1, Math.ceil(q * n) - 1)] : NaN;
  }
  return {
    count: n,
    mean: n ? mean : NaN,
    std: n ? Math.sqrt(sq) : NaN,
    min: n ? v[0] : NaN,
    max: n ? v[n - 1] : NaN,
    quantiles,
  };
}

/** Accumulates importance and noise per group key. */
function groupBy(
  s: ScoredSamples,
  keyOf: (r: number) => string | number | undefined,
): Map<string | number, GroupStats> {
  const out = new Map<string | number, GroupStats>();
  for (let r = 0; r < s.sampleId.length; r++) {
    const key = keyOf(r);
    if (key === undefined) continue;
    let g = out.get(key);
    if (!g) out.set(key, (g = { rows: 0, meanImportance: 0, meanNoise: 0 }));
    g.rows++;
    g.meanImportance += s.importance[r];
    g.meanNoise += s.noise[r];
  }
  for (const g of out.values()) {
    g.meanImportance /= g.rows;
    g.meanNoise /= g.rows;
  }
  return out;
}

function byStratum(s: ScoredSamples): Record<string, GroupStats> {
  const T = s.labels.tasks;
  const name = (r: number) =>
    s.taskNames.map((t, i) => `${t}=${s.labels.labels[r * T + i]}`).join(',') +
    (s.sampled?.[r] ? ',sampled' : '');
  const groups = groupBy(s, name);
  const keys = [...groups.keys()].map(String).sort();
  return Object.fromEntries(keys.map((k) => [k, groups.get(k) as GroupStats]));
}

function byCategory(
  s: ScoredSamples,
  max: number,
): ({ category: number } & GroupStats)[] {
  const cat = s.category;
  if (!cat) return [];
  const groups = groupBy(s, (r) => cat[r]);
  return [...groups]
    .map(([category, g]) => ({ category: Number(category), ...g }))
    .sort((a, b) => b.rows - a.rows || a.category - b.category)
    .slice(0, max);
}

function byUserActivity(
  s: ScoredSamples,
): ({ bucket: string; users: number } & GroupStats)[] {
  const user = s.user;
  if (!user) return [];
  const rowsOf = new Map<number, number>();
  for (const u of user) rowsOf.set(u, (rowsOf.get(u) ?? 0) + 1);
  const bucketOf = (rows: number) =>
    ACTIVITY.filter(([lo]) => rows >= lo).pop()?.[1] ?? '1';
  const users = new Map<string, number>();
  for (const rows of rowsOf.values()) {
    const b = bucketOf(rows);
    users.set(b, (users.get(b) ?? 0) + 1);
  }
  const groups = groupBy(s, (r) => bucketOf(rowsOf.get(user[r]) as number));
  return ACTIVITY.filter(([, b]) => groups.has(b)).map(([, bucket]) => ({
    bucket,
    users: users.get(bucket) ?? 0,
    ...(groups.get(bucket) as GroupStats),
  }));
}

function digestOf(s: ScoredSamples, r: number): SampleDigest {
  const T = s.labels.tasks;
  const labels: Record<string, number> = {};
  s.taskNames.forEach((t, i) => (labels[t] = s.labels.labels[r * T + i]));
  const d: SampleDigest = {
    sample_id: s.sampleId[r],
    importance: s.importance[r],
    noise: s.noise[r],
    labels,
  };
  if (s.user) d.user = s.userKeys?.[s.user[r]] ?? String(s.user[r]);
  if (s.item) d.item = s.itemKeys?.[s.item[r]] ?? String(s.item[r]);
  return d;
}
