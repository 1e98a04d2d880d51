/**
 * Readable ids of the generated tables: a letter and a zero-padded number,
 * e.g. `u000123`. The padding grows with the table so ids sort as numbers.
 */

/** Digits used for ids of a table with `n` rows (at least 6). */
export function idWidth(n: number): number {
  return Math.max(6, String(Math.max(0, n - 1)).length);
}

/** The id string of row `index` for a table with prefix and width. */
export function formatId(prefix: string, index: number, width: number) {
  return prefix + String(index).padStart(width, '0');
}

/** All ids of a table of `n` rows, in row order. */
export function makeIds(prefix: string, n: number): string[] {
  const width = idWidth(n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = formatId(prefix, i, width);
  return ids;
}

/** A number with at most two decimals, the way every float is written. */
export function fixed2(x: number): string {
  return String(Math.round(x * 100) / 100);
}
