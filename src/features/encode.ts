/**
 * Encoders learned on the training split: vocabularies for categorical
 * values (ids by frequency, 0 for values unseen or rarer than the minimum
 * count, hashing above a size), standardisation and quantile buckets for
 * numbers, and hashed terms for text.
 */
import { TRAIN } from '../data/split.ts';

export interface Vocabulary {
  /** Encoded id per value index (0 = out of vocabulary). */
  ids: Int32Array;
  /** Number of ids including 0. */
  size: number;
  hashed: boolean;
  /** Value index of each id (id 0 has -1), for reading ids back. */
  valueOf: Int32Array;
}

/**
 * Learns a vocabulary over value indices in [0, nValues) from the rows of
 * the training split. Ids are ordered by descending count, then by value
 * index, so the same data gives the same ids.
 */
export function learnVocabulary(
  values: Int32Array,
  nValues: number,
  split: Uint8Array,
  options: { minCount: number; hashAbove: number; hashBuckets: number },
): Vocabulary {
  const counts = new Float64Array(nValues);
  for (let i = 0; i < values.length; i++) {
    if (split[i] === TRAIN && values[i] >= 0) counts[values[i]]++;
  }
  const kept: number[] = [];
  for (let v = 0; v < nValues; v++) {
    if (counts[v] >= options.minCount) kept.push(v);
  }
  const ids = new Int32Array(nValues);
  if (kept.length > options.hashAbove) {
    const size = options.hashBuckets;
    for (let v = 0; v < nValues; v++) ids[v] = 1 + (mix(v) % (size - 1));
    return { ids, size, hashed: true, valueOf: new Int32Array(0) };
  }
  kept.sort((a, b) => counts[b] - counts[a] || a - b);
  const valueOf = new Int32Array(kept.length + 1).fill(-1);
  kept.forEach((v, rank) => {
    ids[v] = rank + 1;
    valueOf[rank + 1] = v;
  });
  return { ids, size: kept.length + 1, hashed: false, valueOf };
}

/** Applies a vocabulary to value indices (-1, unknown, maps to 0). */
export function encode(values: Int32Array, vocab: Vocabulary): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i] >= 0 ? vocab.ids[values[i]] : 0;
  }
  return out;
}

export interface Standardiser {
  mean: number;
  std: number;
  /** log1p applied first (for non-negative, heavy-tailed counts). */
  log: boolean;
}

export function learnStandardiser(
  values: Float64Array | Float32Array,
  split: Uint8Array,
  log: boolean,
): Standardiser {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    if (split[i] !== TRAIN || Number.isNaN(values[i])) continue;
    const x = log ? Math.log1p(Math.max(0, values[i])) : values[i];
    n++;
    sum += x;
    sq += x * x;
  }
  const mean = n ? sum / n : 0;
  const variance = n ? sq / n - mean * mean : 0;
  return { mean, std: Math.sqrt(Math.max(variance, 0)) || 1, log };
}

/** Standardised values; missing values become 0 (the mean). */
export function standardise(
  values: Float64Array | Float32Array,
  s: Standardiser,
): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const x = s.log ? Math.log1p(Math.max(0, v)) : v;
    out[i] = (x - s.mean) / s.std;
  }
  return out;
}

/** Quantile cut points of the training values (distinct, ascending). */
export function learnBuckets(
  values: Float64Array | Float32Array,
  split: Uint8Array,
  buckets: number,
): number[] {
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (split[i] === TRAIN && !Number.isNaN(values[i])) n++;
  }
  const train = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) {
    if (split[i] === TRAIN && !Number.isNaN(values[i])) train[k++] = values[i];
  }
  const at: number[] = [];
  for (let b = 1; b < buckets; b++) {
    const k = Math.floor((b / buckets) * train.length);
    if (k < train.length && k !== at.at(-1)) at.push(k);
  }
  selectRanks(train, at, 0, train.length - 1);
  const cuts = new Set<number>();
  // -0 and 0 may land either way round; they are one cut point.
  for (const k of at) cuts.add(train[k] === 0 ? 0 : train[k]);
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Rearranges `a[lo..hi]` so that each position in `ranks` (ascending, in
 * that range) holds the value a full sort would put there: quickselect
 * for the middle rank, then each side for the ranks within it, so a few
 * quantiles of millions of values cost a few passes instead of a sort.
 */
export function selectRanks(
  a: Float64Array,
  ranks: number[],
  lo: number,
  hi: number,
): void {
  if (!ranks.length || lo >= hi) return;
  const mid = ranks.length >> 1;
  const k = ranks[mid];
  let l = lo;
  let h = hi;
  while (l < h) {
    // Median of three as the pivot, then a three-way partition so runs of
    // equal values (common in counts and prices) end the search at once.
    const pivot = median3(a[l], a[(l + h) >> 1], a[h]);
    let lt = l;
    let gt = h;
    let i = l;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) h = lt - 1;
    else if (k > gt) l = gt + 1;
    else break;
  }
  selectRanks(a, ranks.slice(0, mid), lo, k - 1);
  selectRanks(a, ranks.slice(mid + 1), k + 1, hi);
}

function median3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Bucket ids: 0 missing, 1 + number of cut points <= value. */
export function bucketize(
  values: Float64Array | Float32Array,
  cuts: number[],
): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo + 1;
  }
  return out;
}

/** FNV-1a hash of a term into [1, buckets). */
export function hashTerm(term: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 1 + ((h >>> 0) % (buckets - 1));
}

function mix(v: number): number {
  let h = Math.imul(v ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
