/**
 * Nearest neighbours in a learned representation space, through usearch
 * (HNSW graphs). Building the graph costs about O(n·log n·d) and each query
 * O(log n·d + k), so n queries cost O(n·log n·d) instead of the O(n²·H) of
 * brute force. Small sets are searched exactly.
 *
 * Above `reduceTo` dimensions the graph is built over a PCA projection of
 * the vectors to `reduceTo` dimensions (d = reduceTo, see `pca.ts`); each
 * query fetches `overfetch`·k candidates there and re-ranks them by their
 * exact distance in the full H dimensions, O(k·H) per query. Distances
 * returned are always exact; only which neighbours are found is
 * approximate (measured recall of the true 10 nearest: 0.99 on
 * taobao-hscd's 128-d representations).
 */
import { Index, MetricKind, exactSearch } from 'usearch';
import { UsageError } from '../errors.ts';
import { fitProjection, project } from './pca.ts';

/** Queries x k neighbour lists, nearest first; −1 pads short lists. */
export interface Neighbours {
  k: number;
  /** Row index of each neighbour in the base set, or −1. */
  index: Int32Array;
  /** Squared L2 distance to each neighbour (Infinity for padding). */
  distance: Float32Array;
}

export interface AnnOptions {
  /**
   * Below this many base rows the search is exact (brute force, O(n·q·H)).
   * Default 4096.
   */
  exactBelow?: number;
  /**
   * Threads building and searching. Default 1, which makes results
   * bit-for-bit repeatable; more threads are faster but insert in an
   * order that varies from run to run, so the graph (and rarely a
   * neighbour) can differ. (usearch answers queries with at most as many
   * threads as built the graph.)
   */
  threads?: number;
  /** Graph degree (HNSW M). Default 8. */
  connectivity?: number;
  /**
   * Candidate list size while inserting (HNSW efConstruction). Default 32;
   * with the re-ranking below it kept the recall of the 10 nearest at 0.99
   * on taobao-hscd representations (100k rows) at a quarter of the cost of
   * M = 16, efConstruction = 64 in 128 dimensions.
   */
  expansionAdd?: number;
  /** Candidate list size while searching (HNSW ef), at least k. Default 32. */
  expansionSearch?: number;
  /**
   * Build the graph over the leading `reduceTo` principal components when
   * the vectors have more dimensions; 0 keeps every dimension. Default 32.
   */
  reduceTo?: number;
  /** Candidates per wanted neighbour when re-ranking. Default 2. */
  overfetch?: number;
  /**
   * An index already built over the same base vectors (see
   * `buildAnnIndex`), so several methods share one graph.
   */
  index?: AnnIndex;
  /** Queries per native call, which bounds memory. Default 65536. */
  batch?: number;
  onProgress?: (done: number, total: number, label?: string) => void;
}

/**
 * The k nearest base rows of every query row (`base` and `queries` are
 * row-major, `dim` values per row). With `excludeSelf` the queries must be
 * the base itself and each row's own entry is dropped from its list.
 * Ties in distance are ordered by row index.
 */
export function nearestNeighbours(
  base: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
  options: AnnOptions & { excludeSelf?: boolean } = {},
): Neighbours {
  checkShapes(base, queries, dim, k);
  const n = base.length / dim;
  const q = queries.length / dim;
  const extra = options.excludeSelf ? 1 : 0;
  const want = Math.min(k + extra, n);
  const out: Neighbours = {
    k,
    index: new Int32Array(q * k).fill(-1),
    distance: new Float32Array(q * k).fill(Infinity),
  };
  if (want === 0) return out;
  const index = options.index ?? buildAnnIndex(base, dim, options);
  const batch = options.batch ?? 65536;
  for (let start = 0; start < q; start += batch) {
    const end = Math.min(q, start + batch);
    const found = index.search(queries.subarray(start * dim, end * dim), want);
    for (let i = start; i < end; i++) {
      const self = options.excludeSelf ? i : -1;
      copyRow(found, i - start, self, out, i);
    }
    options.onProgress?.(end, q, 'neighbours');
  }
  return out;
}

/**
 * Up to `want` base rows per query, nearest first (ties by row), with
 * their exact squared distances; −1 and Infinity pad short lists.
 */
export interface Found {
  want: number;
  index: Int32Array;
  distance: Float32Array;
}

/** A searchable set of base vectors. */
export interface AnnIndex {
  rows: number;
  /** Dimensions the graph is searched in (H when not reduced). */
  searchDim: number;
  /** Share of the variance the search space keeps, in [0, 1]; 1 = all. */
  varianceKept: number;
  search: (queries: Float32Array, want: number) => Found;
}

/**
 * Builds the search structure over `base` (rows x dim): exact below
 * `exactBelow` rows, an HNSW graph above (over `reduceTo` principal
 * components when dim is larger). O(n·log n·d + n·H·d).
 */
export function buildAnnIndex(
  base: Float32Array,
  dim: number,
  options: AnnOptions = {},
): AnnIndex {
  const n = base.length / dim;
  const threads = options.threads ?? 1;
  if (n < (options.exactBelow ?? 4096)) {
    return {
      rows: n,
      searchDim: dim,
      varianceKept: 1,
      search: (queries, want) =>
        sorted(
          exactSearch(
            base,
            queries,
            dim,
            want,
            MetricKind.L2sq,
            threads,
          ) as RawFound,
          queries.length / dim,
          want,
        ),
    };
  }
  const reduceTo = options.reduceTo ?? 32;
  const proj =
    reduceTo > 0 && dim > reduceTo ? fitProjection(base, dim, reduceTo) : null;
  const d = proj ? proj.outDim : dim;
  const index = new Index({
    dimensions: d,
    metric: MetricKind.L2sq,
    connectivity: options.connectivity ?? 8,
    expansion_add: options.expansionAdd ?? 32,
    expansion_search: options.expansionSearch ?? 32,
  } as ConstructorParameters<typeof Index>[0]);
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  index.add(keys, proj ? project(proj, base) : base, threads);
  const overfetch = proj ? Math.max(1, options.overfetch ?? 2) : 1;
  return {
    rows: n,
    searchDim: d,
    varianceKept: proj ? proj.varianceKept : 1,
    search: (queries, want) => {
      const q = queries.length / dim;
      const fetch = Math.min(n, Math.ceil(want * overfetch));
      const raw = index.search(
        proj ? project(proj, queries) : queries,
        fetch,
        threads,
      ) as unknown as RawFound;
      return proj
        ? reranked(raw, q, fetch, want, base, queries, dim)
        : sorted(raw, q, want);
    },
  };
}

/**
 * What usearch answers: per query `want` keys (padded with 2^64 − 1) and
 * the count found; a single query's lists are cut to its count instead.
 */
interface RawFound {
  keys: BigUint64Array;
  distances: Float32Array;
  counts?: BigUint64Array;
}

/** usearch's lists as rows (keys are < 2^32), −1 and Infinity padding. */
function normalize(raw: RawFound, q: number, want: number): Found {
  const words = new Uint32Array(
    raw.keys.buffer,
    raw.keys.byteOffset,
    raw.keys.length * 2,
  );
  const index = new Int32Array(q * want).fill(-1);
  const distance = new Float32Array(q * want).fill(Infinity);
  for (let r = 0; r < q; r++) {
    const count = raw.counts
      ? Number(raw.counts[r])
      : Math.min(want, raw.keys.length);
    for (let j = 0, i = r * want; j < count; j++, i++) {
      if (words[2 * i + 1] !== 0) continue;
      index[i] = words[2 * i];
      distance[i] = Math.max(0, raw.distances[i]);
    }
  }
  return { want, index, distance };
}

/** usearch's lists, ordered by (distance, row). */
function sorted(raw: RawFound, q: number, want: number): Found {
  const found = normalize(raw, q, want);
  for (let r = 0; r < q; r++) {
    sortRow(found.index, found.distance, r * want, want);
  }
  return found;
}

/**
 * The `want` nearest of each query's `fetch` candidates by exact squared
 * distance in the full `dim` dimensions. O(q·fetch·dim).
 */
function reranked(
  raw: RawFound,
  q: number,
  fetch: number,
  want: number,
  base: Float32Array,
  queries: Float32Array,
  dim: number,
): Found {
  const { index: cand, distance: dist } = normalize(raw, q, fetch);
  for (let r = 0; r < q; r++) {
    const qo = r * dim;
    for (let j = r * fetch; j < (r + 1) * fetch; j++) {
      const b = cand[j];
      if (b < 0) continue;
      let s = 0;
      for (let h = 0, bo = b * dim; h < dim; h++) {
        const x = queries[qo + h] - base[bo + h];
        s += x * x;
      }
      dist[j] = s;
    }
    sortRow(cand, dist, r * fetch, fetch);
  }
  if (fetch === want) return { want, index: cand, distance: dist };
  const index = new Int32Array(q * want);
  const distance = new Float32Array(q * want);
  for (let r = 0; r < q; r++) {
    index.set(cand.subarray(r * fetch, r * fetch + want), r * want);
    distance.set(dist.subarray(r * fetch, r * fetch + want), r * want);
  }
  return { want, index, distance };
}

/** Insertion sort of one list by (distance, row), padding last. */
function sortRow(
  index: Int32Array,
  distance: Float32Array,
  lo: number,
  len: number,
): void {
  for (let i = lo + 1; i < lo + len; i++) {
    const d = distance[i];
    const x = index[i];
    let j = i - 1;
    while (
      j >= lo &&
      (distance[j] > d || (distance[j] === d && later(index[j], x)))
    ) {
      distance[j + 1] = distance[j];
      index[j + 1] = index[j];
      j--;
    }
    distance[j + 1] = d;
    index[j + 1] = x;
  }
}

/** Row a sorts after row b at equal distance (−1 padding last). */
function later(a: number, b: number): boolean {
  return b >= 0 && (a < 0 || a > b);
}

/** Copies one query's matches, dropping `self`. */
function copyRow(
  found: Found,
  row: number,
  self: number,
  out: Neighbours,
  target: number,
): void {
  let m = 0;
  const at = row * found.want;
  for (let j = 0; j < found.want && m < out.k; j++) {
    const key = found.index[at + j];
    if (key < 0) break;
    if (key === self) continue;
    out.index[target * out.k + m] = key;
    out.distance[target * out.k + m] = found.distance[at + j];
    m++;
  }
}

function checkShapes(
  base: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
): void {
  if (!(Number.isInteger(dim) && dim >= 1)) {
    throw new UsageError(`dimension must be an integer >= 1, got ${dim}`);
  }
  if (base.length % dim || queries.length % dim) {
    throw new UsageError(
      `vectors must hold rows x ${dim} values; got ${base.length} base ` +
        `and ${queries.length} query values`,
    );
  }
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new UsageError(`k must be an integer >= 1, got ${k}`);
  }
  for (let i = 0; i < base.length; i++) {
    if (!Number.isFinite(base[i])) {
      throw new UsageError(`representation value ${i} is ${base[i]}`);
    }
  }
}
