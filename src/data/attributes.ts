/**
 * Item and user tables: typed attribute columns keyed by id, with duplicate
 * keys, missing values and outliers repaired and counted. The same repairs
 * apply to event attributes.
 */
import type { PrepareConfig } from './config.ts';
import {
  countUnparsable,
  dropWhere,
  numberExpr,
  requireColumns,
  textExpr,
} from './columns.ts';
import { ident, lit, rows, scalar, type Engine } from './duck.ts';
import type { QualityLog } from './quality.ts';
import type { LoadedTable } from './read.ts';

type Side = 'items' | 'users';

/** Builds the typed table `items` or `users` from its raw table. */
export async function normaliseAttributes(
  engine: Engine,
  config: PrepareConfig,
  side: Side,
  raw: LoadedTable,
  quality: QualityLog,
): Promise<void> {
  const spec = config[side];
  if (!spec) return;
  const file = raw.files.join(', ');
  const { categorical, numeric, text } = spec.attributes;
  requireColumns(raw.columns, [spec.key], file, `the ${side} key`);
  requireColumns(
    raw.columns,
    [...categorical, ...numeric, text],
    file,
    `an ${side} attribute`,
  );
  for (const c of numeric) {
    await countUnparsable(
      engine,
      raw.table,
      c,
      numberExpr(c),
      quality,
      'imputed',
      file,
    );
  }
  const select = [
    '__line',
    `${textExpr(spec.key)} AS "key"`,
    ...categorical.map((c) => `${textExpr(c)} AS ${ident(`a_${c}`)}`),
    ...numeric.map((c) => `${numberExpr(c)} AS ${ident(`a_${c}`)}`),
    ...(text ? [`coalesce(${textExpr(text)}, '') AS a_text`] : []),
  ];
  await engine.conn.run(
    `CREATE OR REPLACE TABLE ${side} AS SELECT ${select.join(', ')}, ` +
      `row_number() OVER (PARTITION BY ${textExpr(spec.key)} ` +
      `ORDER BY __line) AS __dup FROM ${ident(raw.table)}`,
  );
  await engine.conn.run(`DROP TABLE ${ident(raw.table)}`);
  await dropWhere(engine, side, '"key" IS NULL', 'missing key', quality);
  await dropWhere(engine, side, '__dup > 1', 'duplicate key', quality);
  await engine.conn.run(`ALTER TABLE ${side} DROP COLUMN __dup`);
  await repairColumns(engine, config, side, categorical, numeric, quality);
}

/**
 * Fills missing values by the configured strategy (numeric default median,
 * categorical default a "(missing)" category) and winsorizes numeric
 * columns at the configured quantiles.
 */
export async function repairColumns(
  engine: Engine,
  config: PrepareConfig,
  table: string,
  categorical: string[],
  numeric: string[],
  quality: QualityLog,
): Promise<void> {
  for (const c of [...categorical, ...numeric]) {
    const isNumeric = numeric.includes(c);
    const strategy =
      config.clean.missing[c] ??
      (isNumeric ? 'median' : { constant: '(missing)' });
    await fillMissing(engine, table, c, isNumeric, strategy, quality);
  }
  for (const c of numeric) await winsorize(engine, config, table, c, quality);
}

type Strategy = PrepareConfig['clean']['missing'][string];

async function fillMissing(
  engine: Engine,
  table: string,
  column: string,
  isNumeric: boolean,
  strategy: Strategy,
  quality: QualityLog,
): Promise<void> {
  const col = ident(`a_${column}`);
  const missing = Number(
    await scalar(
      engine.conn,
      `SELECT count(*) FROM ${table} WHERE ${col} IS NULL`,
    ),
  );
  if (missing === 0) return;
  if (strategy === 'drop') {
    await dropWhere(
      engine,
      table,
      `${col} IS NULL`,
      `missing "${column}"`,
      quality,
    );
    return;
  }
  let fill: string;
  let how: string;
  if (typeof strategy === 'object') {
    fill = isNumeric
      ? String(Number(strategy.constant))
      : lit(String(strategy.constant));
    how = `constant ${JSON.stringify(strategy.constant)}`;
  } else if (strategy === 'previous') {
    fill =
      `coalesce(last_value(${col} IGNORE NULLS) OVER (ORDER BY __line ` +
      'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), ' +
      `(SELECT mode(${col}) FROM ${table}))`;
    how = 'previous value';
  } else {
    const agg = { mean: 'avg', median: 'median', mode: 'mode' }[strategy];
    const value = await scalar(
      engine.conn,
      `SELECT ${agg}(${col}) FROM ${table}`,
    );
    fill =
      value === null
        ? isNumeric
          ? '0'
          : "'(missing)'"
        : isNumeric
          ? String(value)
          : lit(String(value));
    how = `${strategy} (${String(value)})`;
  }
  await engine.conn.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT * REPLACE ` +
      `(coalesce(${col}, ${fill}) AS ${col}) FROM ${table} ORDER BY __line`,
  );
  quality.add({
    table,
    reason: `missing "${column}" filled with ${how}`,
    count: missing,
    action: 'imputed',
  });
}

async function winsorize(
  engine: Engine,
  config: PrepareConfig,
  table: string,
  column: string,
  quality: QualityLog,
): Promise<void> {
  const col = ident(`a_${column}`);
  const [lo, hi] = config.clean.winsorize;
  const [bounds] = await rows<{ lo: number; hi: number }>(
    engine.conn,
    `SELECT quantile_disc(${col}, ${lo}) AS lo, ` +
      `quantile_disc(${col}, ${hi}) AS hi FROM ${table}`,
  );
  if (bounds.lo === null || bounds.hi === null) return;
  const outside = `${col} < ${bounds.lo} OR ${col} > ${bounds.hi}`;
  const count = Number(
    await scalar(engine.conn, `SELECT count(*) FROM ${table} WHERE ${outside}`),
  );
  if (count === 0) return;
  await engine.conn.run(
    `UPDATE ${table} SET ${col} = least(greatest(${col}, ${bounds.lo}), ` +
      `${bounds.hi}) WHERE ${outside}`,
  );
  quality.add({
    table,
    reason:
      `outlier "${column}" clipped to the ${lo}-${hi} quantiles ` +
      `[${bounds.lo}, ${bounds.hi}]`,
    count,
    action: 'clipped',
  });
}

/** Drops events whose item (or user) is absent from its table. */
export async function dropUnknownIds(
  engine: Engine,
  config: PrepareConfig,
  quality: QualityLog,
): Promise<void> {
  if (config.items && config.clean.dropUnknownItems) {
    await dropWhere(
      engine,
      'ev',
      'item NOT IN (SELECT "key" FROM items)',
      'unknown item id (not in the items table)',
      quality,
    );
  }
  if (config.users && config.clean.dropUnknownUsers) {
    await dropWhere(
      engine,
      'ev',
      '"user" NOT IN (SELECT "key" FROM users)',
      'unknown user id (not in the users table)',
      quality,
    );
  }
}
