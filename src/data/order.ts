/**
 * Stable orderings of rows by numeric keys without comparator sorts: keys
 * are turned into dense ranks and the rows placed by counting sort, which
 * takes linear time after one native sort of the values (or none, for
 * integers in a narrow range).
 */

/**
 * The rank of each value among the distinct values (ascending; equal
 * values, 0 and -0 included, share a rank). NaN ranks last. Returns the
 * ranks and the number of ranks.
 */
export function denseRanks(values: Float64Array): {
  rank: Int32Array;
  size: number;
} {
  return integerRanks(values) ?? sortedRanks(values);
}

/** Ranks by one native sort of the values and a search per row. */
function sortedRanks(values: Float64Array): { rank: Int32Array; size: number } {
  const sorted = Float64Array.from(values).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (Number.isNaN(v)) break;
    if (distinct === 0 || v !== sorted[distinct - 1]) sorted[distinct++] = v;
  }
  const keys = sorted.subarray(0, distinct);
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    rank[i] = Number.isNaN(v) ? distinct : lowerBound(keys, v);
  }
  return { rank, size: distinct + 1 };
}

/**
 * Ranks without a sort when the values are integers in a range at most
 * a few times their count (times in seconds, counts, codes): each present
 * value is marked, and a running count of marks gives its rank. Null when
 * the values do not qualify.
 */
function integerRanks(
  values: Float64Array,
): { rank: Int32Array; size: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return nanOnly(values);
  const span = hi - lo + 1;
  if (span > 4 * values.length + 1024) return null;
  const below = new Int32Array(span + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) below[v - lo + 1] = 1;
  }
  for (let k = 0; k < span; k++) below[k + 1] += below[k];
  const distinct = below[span];
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    rank[i] = Number.isNaN(v) ? distinct : below[v - lo];
  }
  return { rank, size: distinct + 1 };
}

/** No value but NaN: all share rank 0. */
function nanOnly(values: Float64Array): { rank: Int32Array; size: number } {
  return { rank: new Int32Array(values.length), size: 1 };
}

/** The first index of `sorted` whose value is not below `v`. */
export function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `rows` reordered by `key[row]` (integers in [0, size)), keeping the
 * order of `rows` among equal keys.
 */
export function countingSort(
  rows: Int32Array,
  key: Int32Array,
  size: number,
): Int32Array {
  const start = new Int32Array(size + 1);
  for (let j = 0; j < rows.length; j++) start[key[rows[j]] + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[start[key[rows[j]]]++] = rows[j];
  return out;
}

/**
 * `rows` (default: all rows in index order) ordered by `values[row]`,
 * NaN last, stable.
 */
export function orderBy(values: Float64Array, rows?: Int32Array): Int32Array {
  const all = rows ?? Int32Array.from({ length: values.length }, (_, i) => i);
  if (isSortedAt(values, all)) return all;
  const { rank, size } = denseRanks(values);
  return countingSort(all, rank, size);
}

function isSortedAt(values: Float64Array, rows: Int32Array): boolean {
  for (let j = 0; j < rows.length; j++) {
    const v = values[rows[j]];
    if (Number.isNaN(v)) return false;
    if (j > 0 && v < values[rows[j - 1]]) return false;
  }
  return true;
}
