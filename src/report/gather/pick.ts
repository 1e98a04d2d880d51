/**
 * Tolerant reading of JSON artifacts: each helper takes an unknown value and
 * a list of accepted field names, and returns a typed value or undefined.
 * The artifacts' formats are still settling, so the report reads what it
 * recognises and leaves the rest out rather than failing.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first of `keys` present in `o`, or undefined. */
export function field(o: unknown, ...keys: string[]): unknown {
  if (!isObj(o)) return undefined;
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

/** A finite number (numeric strings accepted), or undefined. */
export function num(o: unknown, ...keys: string[]): number | undefined {
  const v = keys.length ? field(o, ...keys) : o;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A string (numbers are turned into strings), or undefined. */
export function str(o: unknown, ...keys: string[]): string | undefined {
  const v = keys.length ? field(o, ...keys) : o;
  if (typeof v === 'string') return v;
  return typeof v === 'number' ? String(v) : undefined;
}

/** An array, or [] when absent. */
export function arr(o: unknown, ...keys: string[]): unknown[] {
  const v = keys.length ? field(o, ...keys) : o;
  return Array.isArray(v) ? v : [];
}

/** An object, or undefined. */
export function obj(o: unknown, ...keys: string[]): Obj | undefined {
  const v = keys.length ? field(o, ...keys) : o;
  return isObj(v) ? v : undefined;
}

/** Keeps the values `f` maps to something defined. */
export function keep<T, U>(xs: readonly T[], f: (x: T) => U | undefined): U[] {
  const out: U[] = [];
  for (const x of xs) {
    const y = f(x);
    if (y !== undefined) out.push(y);
  }
  return out;
}
