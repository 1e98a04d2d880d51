/**
 * Exact counts of (user, tag) pairs with each user's top K tags, kept in
 * typed arrays: an open-addressing table for the counts (users x tags is
 * too large to hold densely) and K slots per user for the top tags.
 */

/** Counts per integer key in [0, 2^53), in an open-addressing table. */
export class KeyCounts {
  private keys = new Float64Array(1 << 12).fill(-1);
  private vals = new Int32Array(1 << 12);
  private used = 0;

  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let s = slot(key, mask); ; s = (s + 1) & mask) {
      const k = this.keys[s];
      if (k === key) return this.vals[s];
      if (k === -1) return 0;
    }
  }

  /** Adds one to `key`; returns the new count. */
  increment(key: number): number {
    if (2 * (this.used + 1) > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let s = slot(key, mask); ; s = (s + 1) & mask) {
      const k = this.keys[s];
      if (k === key) return ++this.vals[s];
      if (k === -1) {
        this.keys[s] = key;
        this.used++;
        return (this.vals[s] = 1);
      }
    }
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Float64Array(2 * keys.length).fill(-1);
    this.vals = new Int32Array(2 * keys.length);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === -1) continue;
      let s = slot(keys[i], mask);
      while (this.keys[s] !== -1) s = (s + 1) & mask;
      this.keys[s] = keys[i];
      this.vals[s] = vals[i];
    }
  }
}

function slot(key: number, mask: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

/** Keeps, per user, exact counts per tag and the top K of them. */
export class TagCounter {
  private readonly counts = new KeyCounts();
  /** K tag slots per user, best first. */
  private readonly tops: Int32Array;
  /** The count of the tag in each slot. */
  private readonly topCounts: Int32Array;
  private readonly sizes: Uint8Array;

  constructor(
    private readonly k: number,
    private readonly width: number,
    users: number,
  ) {
    this.tops = new Int32Array(users * k);
    this.topCounts = new Int32Array(users * k);
    this.sizes = new Uint8Array(users);
  }

  count(user: number, tag: number): number {
    const { k, tops } = this;
    const base = user * k;
    for (let j = 0; j < this.sizes[user]; j++) {
      if (tops[base + j] === tag) return this.topCounts[base + j];
    }
    return this.counts.get(user * this.width + tag);
  }

  add(user: number, tag: number): void {
    const c = this.counts.increment(user * this.width + tag);
    const { k, tops, topCounts, sizes } = this;
    if (k === 0) return;
    const base = user * k;
    let at = -1;
    for (let j = 0; j < sizes[user]; j++) {
      if (tops[base + j] === tag) {
        at = j;
        break;
      }
    }
    if (at < 0) {
      const last = base + k - 1;
      if (sizes[user] < k) at = sizes[user]++;
      else if (beats(c, tag, topCounts[last], tops[last])) at = k - 1;
      else return;
      tops[base + at] = tag;
    }
    topCounts[base + at] = c;
    // The tag's count grew by one: move it up past those it now beats.
    for (let j = base + at; j > base; j--) {
      if (!beats(c, tag, topCounts[j - 1], tops[j - 1])) break;
      tops[j] = tops[j - 1];
      topCounts[j] = topCounts[j - 1];
      tops[j - 1] = tag;
      topCounts[j - 1] = c;
    }
  }

  /** The number of top tags the user has (at most K). */
  size(user: number): number {
    return this.sizes[user];
  }

  /** The user's j-th top tag (j < size(user)), best first. */
  tagAt(user: number, j: number): number {
    return this.tops[user * this.k + j];
  }

  /** The count of the user's j-th top tag. */
  countAt(user: number, j: number): number {
    return this.topCounts[user * this.k + j];
  }

  /** The user's top tags, best first (a view; copy to keep). */
  top(user: number): Int32Array {
    const base = user * this.k;
    return this.tops.subarray(base, base + this.sizes[user]);
  }
}

/** True when `tag` with count `c` ranks above `other` with `co`. */
function beats(c: number, tag: number, co: number, other: number): boolean {
  return c > co || (c === co && tag < other);
}
