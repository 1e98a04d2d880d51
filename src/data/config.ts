/**
 * The `winnow prepare` configuration: which tables to read, how their
 * columns map to users, items, time and behaviour, how labels are made,
 * how to clean, split and encode. Validated with a schema so that a typo
 * gives a message naming the field.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors.ts';

const format = z.enum(['csv', 'tsv', 'parquet', 'jsonl']);

/** One input table: a file (or files, or a file inside a zip). */
const table = z.strictObject({
  path: z.union([z.string(), z.array(z.string()).min(1)]),
  /** A member of a zip archive given in `path`, e.g. "taobao/view.txt". */
  member: z.string().optional(),
  format: format.optional(),
  delimiter: z.string().length(1).optional(),
  header: z.boolean().default(true),
  /** Column names for files without a header. */
  columns: z.array(z.string()).optional(),
  /** Text encoding; 'latin-1' for files that are not UTF-8. */
  encoding: z.enum(['utf-8', 'latin-1']).default('utf-8'),
  /** Constant columns added to every row, e.g. {"event_type": "view"}. */
  constants: z.record(z.string(), z.string()).optional(),
});

const missing = z.union([
  z.enum(['mean', 'median', 'mode', 'previous', 'drop']),
  z.strictObject({ constant: z.union([z.string(), z.number()]) }),
]);

const attributes = z.strictObject({
  categorical: z.array(z.string()).default([]),
  numeric: z.array(z.string()).default([]),
  /** A text column whose terms are hashed (item titles, queries). */
  text: z.string().optional(),
});

export const configSchema = z.strictObject({
  name: z.string().default('dataset'),
  seed: z.number().int().default(42),
  events: table.extend({
    user: z.string(),
    item: z.string(),
    time: z.string().optional(),
    /** Behaviour type column (impression, click, cart, purchase, ...). */
    type: z.string().optional(),
    /** Columns that, with user and item, identify one exposure. */
    session: z.string().optional(),
    query: z.string().optional(),
    position: z.string().optional(),
    /** A column holding the split of each row (train/valid/test). */
    split: z.string().optional(),
    /** Event-level attributes used as features. */
    attributes: attributes.optional(),
    /** Columns kept for evaluation only, never as features. */
    evaluation: z.array(z.string()).default([]),
  }),
  /** Extra event tables appended to `events` (same column names). */
  moreEvents: z.array(table).default([]),
  items: table.extend({ key: z.string(), attributes }).optional(),
  users: table.extend({ key: z.string(), attributes }).optional(),
  /**
   * Tasks in order (the first is the main task, e.g. click). Each is made
   * from behaviour types (`types`) or read from a 0/1 label column.
   */
  tasks: z
    .array(
      z.strictObject({
        name: z.string(),
        types: z.array(z.string()).optional(),
        column: z.string().optional(),
        /** For graded labels: values >= threshold are positive. */
        threshold: z.number().optional(),
      }),
    )
    .min(1),
  /** The behaviour type that records an exposure with no engagement. */
  impressionType: z.string().optional(),
  negatives: z
    .strictObject({
      /** Sampled negatives per observed sample. */
      ratio: z.number().positive().default(1),
      /** Popularity exponent: 0 uniform, 1 proportional to popularity. */
      popularity: z.number().min(0).max(1).default(0.75),
    })
    .optional(),
  split: z
    .strictObject({
      valid: z.number().min(0).max(0.5).default(0.1),
      test: z.number().min(0).max(0.5).default(0.1),
      /**
       * Without timestamps: `sample` draws each sample's split on its own;
       * `user` draws it once per user, keeping a user's (or, where the
       * user is the query, a query's) samples in one split.
       */
      by: z.enum(['sample', 'user']).default('sample'),
    })
    .default({ valid: 0.1, test: 0.1, by: 'sample' }),
  clean: z
    .strictObject({
      missing: z.record(z.string(), missing).default({}),
      /** Winsorize numeric columns at these quantiles. */
      winsorize: z.tuple([z.number(), z.number()]).default([0.001, 0.999]),
      dropUnknownItems: z.boolean().default(true),
      dropUnknownUsers: z.boolean().default(false),
    })
    .default({
      missing: {},
      winsorize: [0.001, 0.999],
      dropUnknownItems: true,
      dropUnknownUsers: false,
    }),
  features: z
    .strictObject({
      minCount: z.number().int().min(1).default(2),
      hashAbove: z.number().int().positive().default(200_000),
      hashBuckets: z.number().int().positive().default(100_003),
      textBuckets: z.number().int().positive().default(20_011),
      textTerms: z.number().int().min(0).max(8).default(3),
      interestTags: z.number().int().min(0).max(5).default(3),
      /**
       * Item attributes that make interest tags (the first is the item's
       * category in summaries). Default: the first two categorical item
       * attributes (from the items table, else from the events).
       */
      tags: z.array(z.string()).optional(),
      /** Quantile buckets made for each numeric attribute. */
      buckets: z.number().int().min(0).max(100).default(10),
      /** Feature-versus-label AUC above which a feature is called a leak. */
      leakAuc: z.number().min(0.5).max(1).default(0.995),
    })
    .default({
      minCount: 2,
      hashAbove: 200_000,
      hashBuckets: 100_003,
      textBuckets: 20_011,
      textTerms: 3,
      interestTags: 3,
      buckets: 10,
      leakAuc: 0.995,
    }),
});

export type PrepareConfig = z.infer<typeof configSchema>;
export type TableConfig = z.infer<typeof table>;

/** Validates a parsed config object; `source` names it in messages. */
export function validateConfig(raw: unknown, source: string): PrepareConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new UsageError(
      `${source}: invalid configuration:\n${lines.join('\n')}\n` +
        'See README.md, "Preparing your own data", for the fields.',
    );
  }
  const config = parsed.data;
  for (const task of config.tasks) {
    if (!task.types && !task.column) {
      throw new UsageError(
        `${source}: task "${task.name}" needs "types" or "column"`,
      );
    }
  }
  return config;
}

/**
 * Reads a JSON or YAML config file; relative table paths are resolved
 * against the file's folder.
 */
export function readConfigFile(path: string): PrepareConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${path}: does it exist?`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON/YAML: ${String(error)}`);
  }
  const config = validateConfig(raw, path);
  return resolvePaths(config, dirname(resolve(path)));
}

/** Makes every table path absolute against `base`. */
export function resolvePaths(
  config: PrepareConfig,
  base: string,
): PrepareConfig {
  const fix = <T extends { path: string | string[] }>(t: T): T => ({
    ...t,
    path: Array.isArray(t.path)
      ? t.path.map((p) => resolve(base, p))
      : resolve(base, t.path),
  });
  return {
    ...config,
    events: fix(config.events),
    moreEvents: config.moreEvents.map(fix),
    items: config.items && fix(config.items),
    users: config.users && fix(config.users),
  };
}
