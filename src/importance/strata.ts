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
  const present: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) present.push(i);
  const byValue = argsortFloat(values, Uint32Array.from(present));
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
  const ids = new Map<number, number>();
  for (const i of order) if (!ids.has(strata[i])) ids.set(strata[i], 0);
  const distinct = [...ids.keys()].sort((a, b) => a - b);
  distinct.forEach((s, k) => ids.set(s, k));
  const start = new Uint32Array(distinct.length + 1);
  for (const i of order) start[(ids.get(strata[i]) as number) + 1]++;
  for (let k = 0; k < distinct.length; k++) start[k + 1] += start[k];
  const out = new Uint32Array(order.length);
  for (const i of order) out[start[ids.get(strata[i]) as number]++] = i;
  return out;
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
