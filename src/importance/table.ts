/**
 * The scores table `winnow score` writes: one row per training sample,
 * sorted by importance, most important first.
 */
import { UsageError } from '../errors.ts';
import type { ScoredSamples } from './scored.ts';
import { argsortFloat } from './sort.ts';

/** A column of the scores table. */
export type TableColumn = Float32Array | Int32Array | readonly string[];

/**
 * Column names in order, and the columns, already sorted. The first
 * columns are always `sample_id`, `importance`, `rank` (1 = most
 * important) and `noise`; then every method column; then `user` and
 * `item` (raw keys, when known) and one `label_<task>` column per task.
 */
export interface ScoreTable {
  rows: number;
  names: string[];
  columns: Map<string, TableColumn>;
}

/**
 * Sorts the samples by importance (highest first; ties by sample id) and
 * lays out the columns. Pure: the inputs are not changed. O(n log n).
 */
export function buildScoreTable(s: ScoredSamples): ScoreTable {
  const n = s.sampleId.length;
  checkRows(s, n);
  const order = importanceOrder(s.importance, s.sampleId);
  const pick = (a: Float32Array) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = a[order[i]];
    return out;
  };
  const ints = (f: (r: number) => number) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = f(order[i]);
    return out;
  };
  const columns = new Map<string, TableColumn>();
  columns.set(
    'sample_id',
    ints((r) => s.sampleId[r]),
  );
  columns.set('importance', pick(s.importance));
  columns.set(
    'rank',
    Int32Array.from({ length: n }, (_, i) => i + 1),
  );
  columns.set('noise', pick(s.noise));
  for (const [name, values] of s.columns) columns.set(name, pick(values));
  if (s.user) columns.set('user', keysOf(order, s.user, s.userKeys));
  if (s.item) columns.set('item', keysOf(order, s.item, s.itemKeys));
  const T = s.labels.tasks;
  s.taskNames.forEach((task, t) => {
    const y = s.labels.labels;
    columns.set(
      `label_${task}`,
      ints((r) => y[r * T + t]),
    );
  });
  return { rows: n, names: [...columns.keys()], columns };
}

/** Row indices by importance, highest first, ties by sample id. O(n). */
export function importanceOrder(
  importance: Float32Array,
  sampleId: Int32Array,
): Uint32Array {
  const byId = new Uint32Array(sampleId.length).map((_, i) => i);
  let increasing = true;
  for (let i = 1; i < sampleId.length && increasing; i++) {
    increasing = sampleId[i - 1] <= sampleId[i];
  }
  if (!increasing) byId.sort((a, b) => sampleId[a] - sampleId[b]);
  return argsortFloat(
    importance.map((x) => -x),
    byId,
  );
}

function keysOf(
  order: Uint32Array,
  index: Int32Array,
  keys?: readonly string[],
): string[] {
  return Array.from(order, (r) => keys?.[index[r]] ?? String(index[r]));
}

function checkRows(s: ScoredSamples, n: number): void {
  const arrays: [string, { length: number } | undefined][] = [
    ['importance', s.importance],
    ['noise', s.noise],
    ['user', s.user],
    ['item', s.item],
    ...[...s.columns].map(([k, v]): [string, Float32Array] => [k, v]),
  ];
  for (const [name, a] of arrays) {
    if (a && a.length !== n) {
      throw new UsageError(`${name} has ${a.length} values for ${n} samples`);
    }
  }
  if (s.labels.rows !== n || s.taskNames.length !== s.labels.tasks) {
    throw new UsageError(
      `labels are ${s.labels.rows} x ${s.labels.tasks} for ${n} samples ` +
        `and ${s.taskNames.length} task names`,
    );
  }
  const reserved = ['sample_id', 'importance', 'rank', 'noise', 'user', 'item'];
  for (const name of s.columns.keys()) {
    if (reserved.includes(name) || name.startsWith('label_')) {
      throw new UsageError(`method column name "${name}" is reserved`);
    }
  }
}
