/**
 * Method `coverage`: how rare the sample's region of the catalogue and the
 * audience is in the training data. Rare regions matter more: dropping one
 * of the few rows of a user or an item removes most of what the model
 * knows about it.
 */
import { UsageError } from '../errors.ts';

/** Who and what each training row is about; dense indices. */
export interface CoverageInput {
  /** User index per row, >= 0. */
  user: Int32Array;
  /** Item index per row, >= 0. */
  item: Int32Array;
  /** Item category index per row; −1 when unknown. */
  category: Int32Array;
}

/**
 * Smoothed inverse-frequency scores, each in nats: for a key with c rows
 * out of N, among K distinct keys, the score is
 * ln((N + α·K) / (c + α)), the self-information of the key under additive
 * (Laplace) smoothing. In (0, ln((N + α·K) / (1 + α))]; higher = rarer =
 * more important.
 */
export interface CoverageScores {
  user: Float32Array;
  item: Float32Array;
  /** NaN where the category is unknown. */
  category: Float32Array;
  /** The (user, category) pair: how unusual this taste is for this user. */
  userCategory: Float32Array;
  /** Mean of the four, skipping the NaN ones. */
  combined: Float32Array;
}

export interface CoverageOptions {
  /** Additive smoothing α > 0; default 1. */
  alpha?: number;
}

/**
 * Coverage of every row. O(rows) time, memory O(distinct keys).
 *
 * @example coverageScores({ user, item, category }).combined
 */
export function coverageScores(
  input: CoverageInput,
  options: CoverageOptions = {},
): CoverageScores {
  const alpha = options.alpha ?? 1;
  if (!(alpha > 0 && Number.isFinite(alpha))) {
    throw new UsageError(`coverage alpha must be > 0, got ${alpha}`);
  }
  const n = input.user.length;
  if (input.item.length !== n || input.category.length !== n) {
    throw new UsageError(
      `user, item and category need one value per row; got ` +
        `${n}, ${input.item.length}, ${input.category.length}`,
    );
  }
  const cats = maxPlusOne(input.category);
  const pair = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const c = input.category[r];
    pair[r] = c < 0 ? -1 : input.user[r] * cats + c;
  }
  const user = keyScores(input.user, alpha);
  const item = keyScores(input.item, alpha);
  const category = keyScores(input.category, alpha);
  const userCategory = keyScores(pair, alpha);
  const combined = meanSkippingNaN([user, item, category, userCategory]);
  return { user, item, category, userCategory, combined };
}

/** ln((N + α·K) / (c + α)) per row; NaN for negative keys. */
function keyScores(keys: ArrayLike<number>, alpha: number): Float32Array {
  const { countOf, total, distinct } = countKeys(keys);
  const numerator = Math.log(total + alpha * distinct);
  const out = new Float32Array(keys.length);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r];
    out[r] = k < 0 ? NaN : numerator - Math.log(countOf(k) + alpha);
  }
  return out;
}

/** Counts non-negative keys: in an array when they are small, else a Map. */
function countKeys(keys: ArrayLike<number>) {
  let max = -1;
  for (let r = 0; r < keys.length; r++) if (keys[r] > max) max = keys[r];
  let total = 0;
  let distinct = 0;
  if (max < 4 * keys.length + 1024 && Number.isInteger(max)) {
    const counts = new Int32Array(max + 1);
    for (let r = 0; r < keys.length; r++) {
      const k = keys[r];
      if (k < 0) continue;
      if (counts[k]++ === 0) distinct++;
      total++;
    }
    return { countOf: (k: number) => counts[k], total, distinct };
  }
  const counts = new Map<number, number>();
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r];
    if (k < 0) continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    total++;
  }
  distinct = counts.size;
  return { countOf: (k: number) => counts.get(k) as number, total, distinct };
}

function maxPlusOne(a: Int32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] + 1 > m) m = a[i] + 1;
  return m;
}

function meanSkippingNaN(parts: Float32Array[]): Float32Array {
  const n = parts[0].length;
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    let k = 0;
    for (const p of parts) {
      if (!Number.isNaN(p[r])) {
        s += p[r];
        k++;
      }
    }
    out[r] = k ? s / k : NaN;
  }
  return out;
}
