/**
 * Label strata and ranks within them. Importance that ignores labels
 * destroys data: keeping the highest-loss half of a click log keeps mostly
 * positives and mislabelled rows. Every score is therefore compared only
 * with rows that carry the same labels (and the same sampled flag), by its
 * normalised rank inside that stratum.
 */
import { argsortFloat } from './sort.ts';

/**
 * The joint stratum of each row: Σ_t y_t·2^t, plus 2^T when the row is a
 * sampled (not observed) negative. Values in [0, 2^(T+1)).
 */
export function labelStrata(
  labels: Float32Array,
  tasks: number,
  sampled?: Uint8Array,
): Int32Array {
  const rows = labels.length / tasks;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let code = sampled && sampled[r] ? 1 << tasks : 0;
    for (let t = 0; t < tasks; t++) {
      if (labels[r * tasks + t] > 0.5) code |= 1 << t;
    }
    out[r] = code;
  }
  return out;
}

/**
 * The stratum of each row for one task: y_t + 2·sampled, so positives,
 * observed negatives and sampled negatives are ranked apart.
 */
export function taskStrata(
  labels: Float32Array,
  tasks: number,
  task: number,
  sampled?: Uint8Array,
): Int32Array {
  const rows = labels.length / tasks;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const y = labels[r * tasks + task] > 0.5 ? 1 : 0;
    out[r] = y + (sampled && sampled[r] ? 2 : 0);
  }
  return out;
}

/**
 * The normalised rank of each value among the rows of its stratum:
 * (rank − 1) / (n_s − 1) in [0, 1], 0 for the smallest, 1 for the largest;
 * ties (equal at float32 precision) share their average rank; a stratum of
 * one row gets 0.5. NaN values are neutral: they get 0.5 and do not shift
 * the others' ranks. O(n) (radix sort).
 */
export function rankWithinStrata(
  values: ArrayLike<number>,
  strata: Int32Array,
): Float32Array {
  const n = strata.length;
  const out = new Float32Array(n).fill(0.5);
  const present = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) present[m++] = i;
  const byValue = argsortFloat(values, present.subarray(0, m));
  const sorted = groupStable(byValue, strata);
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    const s = strata[sorted[start]];
    while (end < sorted.length && strata[sorted[end]] === s) end++;
    assignRanks(sorted.subarray(start, end), values, out);
    start = end;
  }
  return out;
}

/** Reorders `order` by stratum (ascending), keeping order within each. */
function groupStable(order: Uint32Array, strata: Int32Array): Uint32Array {
  const { id, groups } = denseStrata(strata);
  const start = new Uint32Array(groups + 1);
  for (let i = 0; i < order.length; i++) start[id[order[i]] + 1]++;
  for (let k = 0; k < groups; k++) start[k + 1] += start[k];
  const out = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) out[start[id[order[i]]]++] = order[i];
  return out;
}

/** Dense ids 0..groups-1 of the strata, in increasing stratum order. */
function denseStrata(strata: Int32Array): { id: Int32Array; groups: number } {
  const seen = new Set<number>();
  for (let i = 0; i < strata.length; i++) seen.add(strata[i]);
  const distinct = [...seen].sort((a, b) => a - b);
  const rank = new Map(distinct.map((s, k) => [s, k]));
  const id = new Int32Array(strata.length);
  let prev = NaN;
  let prevId = 0;
  for (let i = 0; i < strata.length; i++) {
    if (strata[i] !== prev) {
      prev = strata[i];
      prevId = rank.get(prev) as number;
    }
    id[i] = prevId;
  }
  return { id, groups: distinct.length };
}

/** Writes normalised average ranks for one stratum already sorted. */
function assignRanks(
  group: Uint32Array,
  values: ArrayLike<number>,
  out: Float32Array,
): void {
  const n = group.length;
  if (n === 1) return;
  let i = 0;
  while (i < n) {
    const v = Math.fround(values[group[i]]);
    let j = i + 1;
    while (j < n && Math.fround(values[group[j]]) === v) j++;
    const rank = (i + j - 1) / 2 / (n - 1);
    for (let k = i; k < j; k++) out[group[k]] = rank;
    i = j;
  }
}
