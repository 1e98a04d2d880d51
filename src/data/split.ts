/**
 * Train / valid / test assignment. By time where timestamps exist (the
 * latest samples are the test split, so no feature or model sees the
 * future); otherwise each sample (or, with `by: 'user'`, each user) draws
 * its split from a seeded hash in the configured shares.
 */

export const TRAIN = 0;
export const VALID = 1;
export const TEST = 2;

export interface SplitPlan {
  split: Uint8Array;
  method: 'time' | 'user' | 'given';
  detail: string;
}

export function splitByTime(
  ts: Float64Array,
  valid: number,
  test: number,
): SplitPlan {
  const sorted = Float64Array.from(ts).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const validFrom = at(1 - valid - test);
  const testFrom = at(1 - test);
  const split = new Uint8Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    split[i] = ts[i] >= testFrom ? TEST : ts[i] >= validFrom ? VALID : TRAIN;
  }
  return {
    split,
    method: 'time',
    detail:
      `by time: valid from ${iso(validFrom)}, test from ${iso(testFrom)} ` +
      '(ties go to the later split)',
  };
}

export function splitByHash(
  users: Int32Array,
  valid: number,
  test: number,
  seed: number,
  by: 'sample' | 'user' = 'sample',
): SplitPlan {
  const split = new Uint8Array(users.length);
  for (let i = 0; i < users.length; i++) {
    const u = hash01(by === 'user' ? users[i] : i, seed);
    split[i] = u < test ? TEST : u < test + valid ? VALID : TRAIN;
  }
  const what =
    by === 'user'
      ? 'all samples of a user go together to valid or test'
      : 'each sample of each user goes to valid or test';
  return {
    split,
    method: 'user',
    detail:
      `no timestamps: ${what} ` +
      `with probability ${valid} and ${test} (seeded hash, seed ${seed})`,
  };
}

/** Maps given split labels (train/valid/test and common synonyms). */
export function splitGiven(labels: string[]): SplitPlan {
  const names: Record<string, number> = {
    train: TRAIN,
    valid: VALID,
    val: VALID,
    validation: VALID,
    test: TEST,
  };
  const split = new Uint8Array(labels.length);
  labels.forEach((l, i) => (split[i] = names[l] ?? TRAIN));
  return { split, method: 'given', detail: "from the data's split column" };
}

/** A uniform number in [0, 1) from an index and a seed (murmur3 mix). */
export function hash01(index: number, seed: number): number {
  let h = Math.imul(index ^ seed, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ seed;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
