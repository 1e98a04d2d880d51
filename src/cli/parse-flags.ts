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
  return checked(v, flag, min, Number.isFinite, 'a number');
}

export function int(
  v: string | boolean | undefined,
  flag: string,
  min: number,
): number {
  return checked(v, flag, min, Number.isInteger, 'an integer');
}

function checked(
  v: string | boolean | undefined,
  flag: string,
  min: number,
  ok: (x: number) => boolean,
  what: string,
): number {
  const x = Number(v);
  if (!ok(x) || x < min) {
    throw new UsageError(`${flag} expects ${what} >= ${min}; got ${v}`);
  }
  return x;
}

export function ints(v: string | boolean, flag: string): number[] {
  return list(v).map((s) => int(s, flag, 1));
}
