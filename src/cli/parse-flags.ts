/** Parsing of numeric and list flags, with messages that name the flag. */
import { UsageError } from '../errors.ts';

export function list(v: string | boolean): string[] {
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function num(
  v: string | boolean | undefined,
  flag: string,
  min: number,
): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x < min) {
    throw new UsageError(`${flag} expects a number >= ${min}; got ${v}`);
  }
  return x;
}

export function int(
  v: string | boolean | undefined,
  flag: string,
  min: number,
): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) {
    throw new UsageError(`${flag} expects an integer >= ${min}; got ${v}`);
  }
  return x;
}

export function ints(v: string | boolean, flag: string): number[] {
  return list(v).map((s) => int(s, flag, 1));
}
