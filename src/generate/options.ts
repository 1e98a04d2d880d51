/**
 * The knobs of a generated world and their validation. Everything else about
 * the world (rates, shapes of distributions) is fixed by the model so that a
 * seed alone names a world.
 */
import { UsageError } from '../errors.ts';

export type OutputFormat = 'csv' | 'parquet';

/** What `generateWorld()` is asked to make. */
export interface GenerateOptions {
  /** Output directory; must not exist unless `force` is set. */
  out: string;
  /** Number of users, >= 10. */
  users?: number;
  /** Number of items, >= 20. */
  items?: number;
  /** Number of rows in the events table (duplicates included), >= 1. */
  events?: number;
  /** Seed of every random choice; same seed and sizes => same bytes. */
  seed?: number;
  /** Table format of events, items and users; truth is always CSV. */
  format?: OutputFormat;
  /**
   * Target share of accidental clicks among the clicks of real users, in
   * [0, 0.5). 0 plants none; the default is 0.05.
   */
  noiseRate?: number;
  /** Replace `out` when it already exists. */
  force?: boolean;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<GenerateOptions>;

export const DEFAULTS = {
  users: 5_000,
  items: 1_000,
  events: 500_000,
  seed: 1,
  format: 'csv' as OutputFormat,
  noiseRate: 0.05,
  force: false,
};

const FORMATS: readonly OutputFormat[] = ['csv', 'parquet'];

/** Fills defaults and checks every value; throws UsageError when wrong. */
export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  if (!options.out) {
    throw new UsageError('generate needs an output directory (--out DIR)');
  }
  const r: ResolvedOptions = {
    ...DEFAULTS,
    ...dropUndefined(options),
    out: options.out,
  };
  checkInteger('users', r.users, 10, 100_000_000);
  checkInteger('items', r.items, 20, 10_000_000);
  checkInteger('events', r.events, 1, 10_000_000_000);
  checkInteger('seed', r.seed, 0, 0xffffffff);
  if (!FORMATS.includes(r.format)) {
    throw new UsageError(
      `format must be one of ${FORMATS.join(', ')}; got '${r.format}'`,
    );
  }
  if (!(r.noiseRate >= 0 && r.noiseRate < 0.5)) {
    throw new UsageError(
      `noise rate must be a share of clicks in [0, 0.5); got ${r.noiseRate}`,
    );
  }
  return r;
}

function checkInteger(name: string, v: number, min: number, max: number) {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(
      `${name} must be a whole number from ${min} to ${max}; got ${v}`,
    );
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
