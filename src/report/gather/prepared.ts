/**
 * The data section from a prepared dataset's `manifest.json` and
 * `quality.json`.
 */
import type { DataSection } from '../data.ts';
import { arr, isObj, keep, num, obj, str } from './pick.ts';

/** Repairs summed per reason (several tables may repair for one reason). */
function repairs(quality: unknown): DataSection['repairs'] {
  const totals = new Map<string, number>();
  for (const r of arr(quality, 'repairs')) {
    const reason = str(r, 'reason');
    const count = num(r, 'count');
    if (reason === undefined || count === undefined) continue;
    totals.set(reason, (totals.get(reason) ?? 0) + count);
  }
  return [...totals].map(([reason, count]) => ({ reason, count }));
}

function rates(task: unknown): Record<string, number> {
  const source = obj(task, 'positiveRate', 'rate', 'rates') ?? {};
  const out: Record<string, number> = {};
  for (const [split, v] of Object.entries(source)) {
    const n = num(v);
    if (n !== undefined) out[split] = n;
  }
  return out;
}

/**
 * The data section, or undefined when there is no manifest. `quality` may
 * be undefined (no repairs shown).
 */
export function dataSection(
  manifest: unknown,
  quality: unknown,
): DataSection | undefined {
  if (!isObj(manifest)) return undefined;
  const rowsBySplit = obj(manifest, 'rows') ?? {};
  const rows = keep(Object.entries(rowsBySplit), ([split, v]) => {
    const n = num(v);
    return n === undefined ? undefined : { split, rows: n };
  });
  const tasks = keep(arr(manifest, 'tasks'), (t) => {
    const name = str(t, 'name');
    return name === undefined ? undefined : { name, rate: rates(t) };
  });
  return {
    name: str(manifest, 'name') ?? 'dataset',
    rows,
    repairs: repairs(quality),
    tasks,
  };
}

/** Task names in the manifest's order. */
export function taskNames(manifest: unknown): string[] {
  return keep(arr(manifest, 'tasks'), (t) => str(t, 'name'));
}
