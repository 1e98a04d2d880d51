/**
 * Nearest items in the learned item space (the model's item_id embedding),
 * through usearch: an HNSW graph built once per loaded model, or an exact
 * scan for catalogs under EXACT_BELOW items. Distances are squared L2;
 * smaller is more similar.
 */
import { Index, MetricKind, exactSearch } from 'usearch';
import type { ItemSpace } from './context.ts';

/** Catalogs smaller than this are searched exactly. */
export const EXACT_BELOW = 4096;

export interface ItemIndex {
  /** Up to `k` item keys nearest to `query` (dim values), nearest first. */
  nearest(query: Float32Array, k: number): string[];
}

interface Found {
  keys: BigUint64Array;
  distances: Float32Array;
}

const NO_KEY = 0xffffffffffffffffn;

/** Builds the index of `space` (single-threaded, so repeatable). */
export function buildItemIndex(space: ItemSpace): ItemIndex {
  const n = space.keys.length;
  const { dim, vectors } = space;
  let search: (q: Float32Array, k: number) => Found;
  if (n < EXACT_BELOW) {
    search = (q, k) =>
      exactSearch(vectors, q, dim, k, MetricKind.L2sq, 1) as Found;
  } else {
    const index = new Index({
      dimensions: dim,
      metric: MetricKind.L2sq,
      connectivity: 16,
    } as ConstructorParameters<typeof Index>[0]);
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(i);
    index.add(keys, vectors, 1);
    search = (q, k) => index.search(q, k, 1) as unknown as Found;
  }
  return {
    nearest(query, k) {
      const want = Math.min(k, n);
      if (want === 0) return [];
      const found = search(query, want);
      const out: string[] = [];
      for (let j = 0; j < want; j++) {
        const key = found.keys[j];
        if (key !== NO_KEY) out.push(space.keys[Number(key)]);
      }
      return out;
    },
  };
}

/** The mean of the vectors of `keys` that are in the space, or null. */
export function meanVector(
  space: ItemSpace,
  rowOf: Map<string, number>,
  keys: string[],
): Float32Array | null {
  const out = new Float32Array(space.dim);
  let n = 0;
  for (const key of keys) {
    const i = rowOf.get(key);
    if (i === undefined) continue;
    n++;
    for (let d = 0; d < space.dim; d++)
      out[d] += space.vectors[i * space.dim + d];
  }
  if (!n) return null;
  for (let d = 0; d < space.dim; d++) out[d] /= n;
  return out;
}
