/**
 * The observed samples come out of DuckDB's grouping in no set order; they
 * are put in line order (the order of their first event in the input) in
 * JS, by a counting sort, instead of by a sort in DuckDB.
 */
import type { AttrColumn } from './assemble.ts';
import { orderBy } from './order.ts';

type Column = Int32Array | Float64Array | Uint8Array | Float32Array;

/** Rows by ascending line (stable), or null when already in line order. */
export function lineOrder(line: Float64Array): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < line.length && sorted; i++)
    sorted = line[i - 1] <= line[i];
  return sorted ? null : orderBy(line);
}

/** `values` with row j taken from row `order[j]`. */
export function permute<T extends Column>(values: T, order: Int32Array): T {
  const out = new (values.constructor as new (n: number) => T)(order.length);
  for (let j = 0; j < order.length; j++) out[j] = values[order[j]];
  return out;
}

/** Strings with row j taken from row `order[j]`. */
export function permuteTexts(values: string[], order: Int32Array): string[] {
  return Array.from(order, (i) => values[i]);
}

/** An attribute column of the observed rows, put in `order`. */
export function permuteAttr(a: AttrColumn, order: Int32Array): AttrColumn {
  if (a.kind === 'numeric') return { ...a, numbers: permute(a.numbers, order) };
  return { ...a, index: permute(a.index, order) };
}
