/**
 * Which column of the scores table plays which part, decided from the
 * column names and types (pure, so it is easy to adapt to the format).
 */

/** A column of the scores table as DESCRIBE reports it. */
export interface Column {
  name: string;
  /** DuckDB type name, e.g. DOUBLE, BIGINT, VARCHAR. */
  type: string;
}

export interface ScoreColumns {
  id?: string;
  importance?: string;
  rank?: string;
  noise?: string;
  user?: string;
  item?: string;
  category?: string;
  /** Task name -> its label column. */
  labels: Record<string, string>;
  /** Task name -> its noise column (falls back to `noise`). */
  noiseByTask: Record<string, string>;
  cartography?: {
    confidence: string;
    variability: string;
    correctness: string;
  };
  /** Known-noise flag (evaluation only), if present. */
  noisy?: string;
  /** Importance methods: name shown -> column. */
  methods: Record<string, string>;
  /** Columns shown in the samples table, in order. */
  display: string[];
}

const NUMERIC =
  /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT)|HUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

const CANDIDATES = {
  id: ['sample_id', 'sampleId', 'id'],
  importance: ['importance', 'combined', 'score'],
  rank: ['rank'],
  noise: ['noise', 'noise_score'],
  user: ['user', 'user_id', 'userId'],
  item: ['item', 'item_id', 'itemId'],
  category: ['category', 'category_id', 'item_category', 'cat'],
  noisy: ['noisy', 'is_noisy', 'noise_flag', 'planted_noise', 'flipped'],
};
const CARTOGRAPHY = ['confidence', 'variability', 'correctness'] as const;
/** Numeric columns that are never an importance method. */
const NOT_METHODS = new Set([
  'rank',
  'split',
  'time',
  'ts',
  'timestamp',
  'weight',
  'sampled',
  'row',
  '__row',
]);

export function isNumeric(c: Column): boolean {
  return NUMERIC.test(c.type);
}

function find(columns: Column[], names: string[]): string | undefined {
  const lower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  for (const n of names) {
    const hit = lower.get(n.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}

function cartographyColumns(
  columns: Column[],
): ScoreColumns['cartography'] | undefined {
  const pick = (n: string) =>
    find(columns, [n, `dynamics_${n}`, `dynamics.${n}`]);
  const [confidence, variability, correctness] = CARTOGRAPHY.map(pick);
  if (!confidence || !variability || !correctness) return undefined;
  return { confidence, variability, correctness };
}

/**
 * Splits the table's columns into roles. `tasks` are the task names from the
 * manifest; `methods`, when given (from summary.json), names the method
 * columns, otherwise every numeric column without another role is one,
 * except per-task columns (`<method>_<task>`), shown only in the table.
 */
export function scoreColumns(
  columns: Column[],
  tasks: string[],
  methods?: string[],
): ScoreColumns {
  const role = Object.fromEntries(
    Object.entries(CANDIDATES).map(([k, names]) => [k, find(columns, names)]),
  ) as Record<keyof typeof CANDIDATES, string | undefined>;
  const labels: Record<string, string> = {};
  const noiseByTask: Record<string, string> = {};
  for (const t of tasks) {
    const label = find(columns, [t, `label_${t}`, `y_${t}`, `${t}_label`]);
    if (label) labels[t] = label;
    const noise = find(columns, [`noise_${t}`, `${t}_noise`]) ?? role.noise;
    if (noise) noiseByTask[t] = noise;
  }
  const cartography = cartographyColumns(columns);
  const taken = new Set<string>([
    ...Object.values(role).filter((v): v is string => v !== undefined),
    ...Object.values(labels),
    ...Object.values(cartography ?? {}),
  ]);
  if (role.importance) taken.delete(role.importance);
  if (role.noise) taken.delete(role.noise);
  const numeric = columns.filter(isNumeric).map((c) => c.name);
  const perTask = (n: string) => tasks.some((t) => n.endsWith(`_${t}`));
  const methodCols = methods
    ? numeric.filter((n) => methods.includes(n))
    : numeric.filter(
        (n) =>
          !taken.has(n) && !NOT_METHODS.has(n.toLowerCase()) && !perTask(n),
      );
  const display = displayColumns(columns, role, labels, methodCols);
  return {
    ...role,
    labels,
    noiseByTask,
    cartography,
    methods: Object.fromEntries(methodCols.map((c) => [c, c])),
    display,
  };
}

/** Id, importance, rank, noise, then readable fields and labels. */
function displayColumns(
  columns: Column[],
  role: Record<string, string | undefined>,
  labels: Record<string, string>,
  methods: string[],
): string[] {
  const first = [role.id, role.importance, role.rank, role.noise];
  const head = first.filter((c): c is string => c !== undefined);
  const rest = columns
    .map((c) => c.name)
    .filter((n) => !head.includes(n) && !methods.includes(n))
    .filter((n) => n !== '__row');
  const labelCols = Object.values(labels);
  const readable = rest.filter((n) => !labelCols.includes(n));
  return [...head, ...readable, ...labelCols].slice(0, 14);
}

/** Activity buckets: lower bounds and labels (events per user or item). */
export interface Buckets {
  lows: number[];
  labels: string[];
}

export const USER_BUCKETS: Buckets = {
  lows: [1, 2, 6, 21, 101],
  labels: ['1', '2–5', '6–20', '21–100', '101+'],
};

export const ITEM_BUCKETS: Buckets = {
  lows: [1, 11, 101, 1001],
  labels: ['1–10', '11–100', '101–1,000', '1,001+'],
};

/** An SQL CASE mapping the count expression `x` to its bucket's index. */
export function bucketSql(x: string, b: Buckets): string {
  const arms = b.lows
    .map((low, i) => ({ low, i }))
    .reverse()
    .map(({ low, i }) => `WHEN ${x} >= ${low} THEN ${i}`);
  return `CASE ${arms.join(' ')} ELSE 0 END`;
}
