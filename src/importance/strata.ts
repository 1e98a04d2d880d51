/**
 * Label strata and ranks within them. Importance that ignores labels
 * destroys data: keeping the highest-loss half of a click log keeps mostly
 * positives and mislabelled rows. Every score is therefore compared only
 * with rows that carry the same labels (and the same sampled flag), by its
 * normalised rank inside that stratum.
 */
import { sortKey } from './sort.ts';

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
 * ties (equal at float32 precision, −0 = +0) share their average rank; a
 * stratum of one row gets 0.5. NaN values are neutral: they get 0.5 and do
 * not shift the others' ranks. O(n): an LSD radix sort of (key, row,
 * stratum) triples, three 11-bit passes on the float32 key and one counting
 * pass on the stratum, each reading its input in order.
 */
export function rankWithinStrata(
  values: ArrayLike<number>,
  strata: Int32Array,
): Float32Array {
  const n = strata.length;
  const out = new Float32Array(n).fill(0.5);
  const { id, groups } = denseStrata(strata);
  let a = newTriples(n);
  let b = newTriples(n);
  const m = fillTriples(values, id, a);
  for (const shift of [0, 11, 22]) {
    keyPass(a, b, m, shift);
    [a, b] = [b, a];
  }
  groupPass(a, b, m, groups);
  assignRanks(b, m, out);
  return out;
}

interface Triples {
  key: Uint32Array;
  row: Uint32Array;
  group: Uint32Array;
}

function newTriples(n: number): Triples {
  return {
    key: new Uint32Array(n),
    row: new Uint32Array(n),
    group: new Uint32Array(n),
  };
}

/** The non-NaN rows with their sort keys and strata; returns their count. */
function fillTriples(
  values: ArrayLike<number>,
  id: Int32Array,
  t: Triples,
): number {
  let m = 0;
  const n = id.length;
  const bits =
    values instanceof Float32Array
      ? new Uint32Array(values.buffer, values.byteOffset, n)
      : null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    let k: number;
    if (bits) {
      const x = bits[i];
      k = x & 0x80000000 ? ~x >>> 0 : (x | 0x80000000) >>> 0;
    } else k = sortKey(v);
    t.key[m] = k === 0x7fffffff ? 0x80000000 : k; // −0 ties with +0
    t.row[m] = i;
    t.group[m] = id[i];
    m++;
  }
  return m;
}

/**
 * One stable counting pass on 11 bits of the key (2048 buckets, whose
 * write positions stay in cache).
 */
function keyPass(from: Triples, to: Triples, m: number, shift: number): void {
  const count = new Uint32Array(2049);
  const key = from.key;
  for (let i = 0; i < m; i++) count[((key[i] >>> shift) & 0x7ff) + 1]++;
  for (let d = 0; d < 2048; d++) count[d + 1] += count[d];
  for (let i = 0; i < m; i++) {
    const j = count[(key[i] >>> shift) & 0x7ff]++;
    to.key[j] = key[i];
    to.row[j] = from.row[i];
    to.group[j] = from.group[i];
  }
}

/** The stable counting pass on the stratum (the most significant digit). */
function groupPass(
  from: Triples,
  to: Triples,
  m: number,
  groups: number,
): void {
  const count = new Uint32Array(groups + 1);
  const group = from.group;
  for (let i = 0; i < m; i++) count[group[i] + 1]++;
  for (let g = 0; g < groups; g++) count[g + 1] += count[g];
  for (let i = 0; i < m; i++) {
    const j = count[group[i]]++;
    to.key[j] = from.key[i];
    to.row[j] = from.row[i];
    to.group[j] = group[i];
  }
}

/** Average normalised ranks over each stratum's run of sorted triples. */
function assignRanks(t: Triples, m: number, out: Float32Array): void {
  let start = 0;
  while (start < m) {
    let end = start + 1;
    while (end < m && t.group[end] === t.group[start]) end++;
    const size = end - start;
    let i = start;
    while (size > 1 && i < end) {
      let j = i + 1;
      while (j < end && t.key[j] === t.key[i]) j++;
      const rank = (i - start + (j - start) - 1) / 2 / (size - 1);
      for (let k = i; k < j; k++) out[t.row[k]] = rank;
      i = j;
    }
    start = end;
  }
}

/** Dense ids 0..groups-1 of the strata, in increasing stratum order. */
function denseStrata(strata: Int32Array): { id: Int32Array; groups: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < strata.length; i++) {
    if (strata[i] < lo) lo = strata[i];
    if (strata[i] > hi) hi = strata[i];
  }
  if (!(hi - lo < 1 << 20)) return denseBySet(strata);
  // Small code range (label strata): a lookup table instead of a Set.
  const table = new Int32Array(hi - lo + 1).fill(-1);
  for (let i = 0; i < strata.length; i++) table[strata[i] - lo] = 0;
  let groups = 0;
  for (let c = 0; c < table.length; c++)
    if (table[c] === 0) table[c] = groups++;
  const id = new Int32Array(strata.length);
  for (let i = 0; i < strata.length; i++) id[i] = table[strata[i] - lo];
  return { id, groups };
}

/** `denseStrata` for codes spread over a wide range. */
function denseBySet(strata: Int32Array): { id: Int32Array; groups: number } {
  const seen = new Set<number>();
  for (let i = 0; i < strata.length; i++) seen.add(strata[i]);
  const distinct = [...seen].sort((a, b) => a - b);
  const rank = new Map(distinct.map((s, k) => [s, k]));
  const id = Int32Array.from(strata, (s) => rank.get(s) as number);
  return { id, groups: distinct.length };
}
