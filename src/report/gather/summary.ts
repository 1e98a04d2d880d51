/**
 * Group means from the scores' `summary.json` (`byCategory`,
 * `byUserActivity`: rows with `rows` and `meanImportance`), used when the
 * scores table itself lacks the column to group by.
 */
import type { GroupMean } from '../data.ts';
import { arr, keep, num, str } from './pick.ts';

function groups(summary: unknown, list: string, key: string[]): GroupMean[] {
  return keep(arr(summary, list), (g) => {
    const group = str(g, ...key);
    const mean = num(g, 'meanImportance', 'mean');
    const n = num(g, 'rows', 'n', 'count');
    if (group === undefined || mean === undefined || n === undefined) {
      return undefined;
    }
    return { group, mean, n };
  });
}

export function summaryByCategory(summary: unknown): GroupMean[] {
  return groups(summary, 'byCategory', ['category', 'name']);
}

export function summaryByUserActivity(summary: unknown): GroupMean[] {
  return groups(summary, 'byUserActivity', ['bucket', 'name']);
}

/** Method names listed by summary.json under `methods`, if it lists them. */
export function summaryMethods(summary: unknown): string[] | undefined {
  const list = arr(summary, 'methods');
  return list.length ? keep(list, (m) => str(m) ?? str(m, 'name')) : undefined;
}
