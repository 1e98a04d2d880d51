/**
 * The online feature store: what serving needs to build a model input row
 * for a (user, item, query) triple it has never seen as a sample.
 *
 * Per user it keeps the categorical ids and standardised numbers of the
 * user's latest sample (user attributes, interest tags and activity), the
 * items the user engaged with (most recent last) and bought. Per item it
 * keeps the features of the item's latest sample (attributes, popularity)
 * and its engagement count. "Latest" is the largest time, then the largest
 * sample id (the only order when the data has no time).
 *
 * Cold start: a user or item absent from the store gets OOV id 0 in its
 * categorical fields and 0 (the training mean) in its numeric ones; see
 * `rows.ts`. Nothing about an unknown key is an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedData } from '../data/load.ts';
import type { SplitArrays } from '../data/types.ts';
import { DataError } from '../errors.ts';
import { writeAtomic } from '../model/io.ts';

export const STORE_FILE = 'store.json';
export const STORE_FORMAT = 'winnow-store';
export const STORE_VERSION = 1;

/** Engaged items remembered per user (the most recent ones). */
export const MAX_HISTORY = 50;

/** One stored feature row: ids per categorical field, numbers per dense. */
export interface StoredRow {
  cat: number[];
  dense: number[];
}

export interface StoredUser extends StoredRow {
  /** Item keys engaged with (first task positive), oldest first. */
  engaged: string[];
  /** Item keys bought (last task positive), oldest first, no repeats. */
  bought: string[];
  /** Time of the latest sample (seconds), null when unknown. */
  lastSeen: number | null;
}

export interface StoredItem extends StoredRow {
  /** Engagements (first task positives) over every split, >= 0. */
  engagements: number;
}

export interface FeatureStore {
  format: typeof STORE_FORMAT;
  version: number;
  /** The prepared dataset it was built from (its manifest name). */
  dataset: string;
  tasks: string[];
  catNames: string[];
  denseNames: string[];
  users: Record<string, StoredUser>;
  items: Record<string, StoredItem>;
}

/** Builds the store from every split of a prepared dataset. */
export function buildStore(data: PreparedData): FeatureStore {
  const m = data.manifest;
  const store: FeatureStore = {
    format: STORE_FORMAT,
    version: STORE_VERSION,
    dataset: m.name,
    tasks: m.tasks.map((t) => t.name),
    catNames: m.features.filter((f) => f.kind === 'categorical').map(nameOf),
    denseNames: m.features.filter((f) => f.kind === 'numeric').map(nameOf),
    // No prototype, so keys such as "__proto__" are plain keys.
    users: Object.create(null) as Record<string, StoredUser>,
    items: Object.create(null) as Record<string, StoredItem>,
  };
  const rows = orderedRows(data);
  for (const { s, r } of rows) {
    const userKey = s.userKeys[s.user[r]];
    const itemKey = s.itemKeys[s.item[r]];
    const row = rowOf(s, r);
    const time = Number.isNaN(s.time[r]) ? null : s.time[r];
    const user = userOf(store, userKey) ?? blankUser(row);
    const item = itemOf(store, itemKey) ?? { ...row, engagements: 0 };
    store.users[userKey] = user;
    store.items[itemKey] = item;
    Object.assign(user, row, { lastSeen: time });
    Object.assign(item, row);
    if (s.sampled[r]) continue;
    if (s.labels[r * s.nTasks] > 0) {
      item.engagements++;
      user.engaged.push(itemKey);
      if (user.engaged.length > MAX_HISTORY) user.engaged.shift();
    }
    const bought = s.labels[r * s.nTasks + s.nTasks - 1] > 0;
    if (bought && !user.bought.includes(itemKey)) user.bought.push(itemKey);
  }
  return store;
}

/** Writes the store into a model directory. */
export function saveStore(modelDir: string, store: FeatureStore): void {
  writeAtomic(join(modelDir, STORE_FILE), JSON.stringify(store));
}

/** Reads the store of a model directory, or null when it has none. */
export function readStore(modelDir: string): FeatureStore | null {
  const path = join(modelDir, STORE_FILE);
  if (!existsSync(path)) return null;
  const store = JSON.parse(readFileSync(path, 'utf8')) as FeatureStore;
  if (store.format !== STORE_FORMAT || store.version > STORE_VERSION) {
    throw new DataError(
      `expected a "${STORE_FORMAT}" file of version <= ${STORE_VERSION}; ` +
        'rebuild it by passing --data',
      { file: path },
    );
  }
  return store;
}

function nameOf(f: { name: string }): string {
  return f.name;
}

function blankUser(row: StoredRow): StoredUser {
  return { ...row, engaged: [], bought: [], lastSeen: null };
}

function rowOf(s: SplitArrays, r: number): StoredRow {
  return {
    cat: Array.from(s.cat.subarray(r * s.nCat, (r + 1) * s.nCat)),
    dense: Array.from(s.dense.subarray(r * s.nDense, (r + 1) * s.nDense), (x) =>
      Math.fround(x),
    ),
  };
}

/** Every row of every split, by time (unknown first), then sample id. */
function orderedRows(data: PreparedData): { s: SplitArrays; r: number }[] {
  const out: { s: SplitArrays; r: number }[] = [];
  for (const s of Object.values(data.splits)) {
    for (let r = 0; r < s.rows; r++) out.push({ s, r });
  }
  const t = (x: { s: SplitArrays; r: number }) => {
    const v = x.s.time[x.r];
    return Number.isNaN(v) ? -Infinity : v;
  };
  return out.sort(
    (a, b) => t(a) - t(b) || a.s.sampleId[a.r] - b.s.sampleId[b.r],
  );
}

/** The stored user `key`, or undefined (never an inherited property). */
export function userOf(
  store: FeatureStore,
  key: string,
): StoredUser | undefined {
  return Object.hasOwn(store.users, key) ? store.users[key] : undefined;
}

/** The stored item `key`, or undefined (never an inherited property). */
export function itemOf(
  store: FeatureStore,
  key: string,
): StoredItem | undefined {
  return Object.hasOwn(store.items, key) ? store.items[key] : undefined;
}
