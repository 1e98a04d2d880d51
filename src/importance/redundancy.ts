/**
 * Method `redundancy`: how crowded the sample's neighbourhood is in the
 * model's learned representation space (the last shared layer). A sample
 * with many near-duplicates carrying the same labels adds little: drop it
 * and its neighbours still teach the same thing.
 */
import { UsageError } from '../errors.ts';
import { nearestNeighbours, type AnnOptions } from './ann.ts';

export interface RedundancyOptions extends AnnOptions {
  /** Neighbours per sample, default 10. */
  k?: number;
  /**
   * Stratum of each row (see `labelStrata`); neighbours are looked for only
   * among rows of the same stratum, since a near-duplicate with other
   * labels is a conflict, not a repetition. Default: one stratum.
   */
  strata?: Int32Array;
}

/**
 * The redundancy score of every row: the mean Euclidean distance to its k
 * nearest other rows of the same stratum, in [0, ∞), in the units of the
 * representation. Near-duplicates score about 0; higher = more isolated =
 * less redundant = more important. NaN for a row alone in its stratum
 * (neutral once ranked). Complexity (see `ann.ts`): O(n·H·d) to project
 * the rows onto d = 32 principal axes, O(n·log n·d) to build the graphs
 * and search them, O(n·k·H) to re-rank candidates by exact distance (exact
 * O(s²·H) for strata smaller than `exactBelow`), plus O(n·k) for the
 * means: O(n·log n) in the rows. Memory O(n·(H + d + k)). The distances
 * are exact; a true neighbour missed by the graph (recall 0.99 at k = 10
 * on taobao-hscd) is replaced by the next nearest found.
 */
export function redundancyScores(
  shared: Float32Array,
  dim: number,
  options: RedundancyOptions = {},
): Float32Array {
  const n = shared.length / dim;
  const strata = options.strata ?? new Int32Array(n);
  if (strata.length !== n) {
    throw new UsageError(
      `strata need one value per row (${n}), got ${strata.length}`,
    );
  }
  const k = options.k ?? 10;
  const out = new Float32Array(n).fill(NaN);
  const groups = groupRows(strata);
  let done = 0;
  for (const rows of groups) {
    scoreGroup(shared, dim, rows, k, options, out);
    done += rows.length;
    options.onProgress?.(done, n, 'redundancy');
  }
  return out;
}

/** Scores the rows of one stratum in place. */
function scoreGroup(
  shared: Float32Array,
  dim: number,
  rows: Int32Array,
  k: number,
  options: RedundancyOptions,
  out: Float32Array,
): void {
  if (rows.length < 2) return;
  const vectors = gather(shared, dim, rows);
  const nb = nearestNeighbours(vectors, vectors, dim, k, {
    ...options,
    onProgress: undefined,
    excludeSelf: true,
  });
  for (let i = 0; i < rows.length; i++) {
    let sum = 0;
    let m = 0;
    for (let j = 0; j < k; j++) {
      const d = nb.distance[i * k + j];
      if (d === Infinity) break;
      sum += Math.sqrt(d);
      m++;
    }
    out[rows[i]] = m ? sum / m : NaN;
  }
}

/** The row indices of each stratum, in stratum order. */
export function groupRows(strata: Int32Array): Int32Array[] {
  const byStratum = new Map<number, number[]>();
  for (let r = 0; r < strata.length; r++) {
    const list = byStratum.get(strata[r]);
    if (list) list.push(r);
    else byStratum.set(strata[r], [r]);
  }
  return [...byStratum.keys()]
    .sort((a, b) => a - b)
    .map((s) => Int32Array.from(byStratum.get(s) as number[]));
}

/** The rows' vectors, contiguous. */
export function gather(
  data: Float32Array,
  dim: number,
  rows: Int32Array,
): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    out.set(data.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
  }
  return out;
}
