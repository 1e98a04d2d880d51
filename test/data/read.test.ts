import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import {
  duckRun,
  funnelConfig,
  funnelLog,
  readParquet,
  runPrepare,
  withTemp,
  writeLines,
  type Prepared,
} from './fixtures.ts';

const LOG = funnelLog(6, 10);

/** What must not depend on the input format. */
async function summary(p: Prepared) {
  const train = await readParquet(
    join(p.dir, 'train.parquet'),
    'sample_id, "user", item, ts, y_click, y_purchase',
  );
  return {
    rows: p.manifest.rows,
    rates: p.manifest.tasks.map((t) => t.positiveRate),
    train: JSON.stringify(train, (_, v) =>
      typeof v === 'bigint' ? Number(v) : v,
    ),
  };
}

test('prepare() reads the same log alike from CSV, TSV, Parquet, JSON lines and zip', async () => {
  await withTemp(async (dir) => {
    const csv = writeLines(dir, 'events.csv', LOG);
    const tsv = writeLines(
      dir,
      'events.tsv',
      LOG.map((l) => l.replaceAll(',', '\t')),
    );
    const parquet = join(dir, 'events.parquet');
    await duckRun(
      `COPY (SELECT * FROM read_csv('${csv}', header=true, ` +
        `columns={'user':'VARCHAR','item':'VARCHAR','ts':'BIGINT',` +
        `'type':'VARCHAR'})) TO '${parquet}' (FORMAT parquet)`,
    );
    const jsonl = writeLines(
      dir,
      'events.jsonl',
      LOG.slice(1).map((l) => {
        const [user, item, ts, type] = l.split(',');
        return JSON.stringify({ user, item, ts: Number(ts), type });
      }),
    );
    const zip = join(dir, 'events.zip');
    writeFileSync(
      zip,
      zipSync({
        'readme.txt': new TextEncoder().encode('not the events'),
        'logs/events.csv': readFileSync(csv),
      }),
    );
    const base = await summary(
      await runPrepare(funnelConfig(csv), join(dir, 'csv')),
    );
    assert.equal(
      base.rows.train + base.rows.valid + base.rows.test,
      60,
      'one sample per exposure',
    );
    const variants: [string, Record<string, unknown>][] = [
      ['tsv', { path: tsv }],
      ['parquet', { path: parquet }],
      ['jsonl', { path: jsonl }],
      ['zip', { path: zip, member: 'logs/events.csv' }],
    ];
    for (const [name, table] of variants) {
      const raw = funnelConfig(csv);
      raw.events = { ...(raw.events as object), ...table };
      const got = await summary(await runPrepare(raw, join(dir, name)));
      assert.deepEqual(got, base, `${name} differs from CSV`);
    }
  });
});

test('prepare() names the missing member of a zip archive', async () => {
  await withTemp(async (dir) => {
    const zip = join(dir, 'events.zip');
    writeFileSync(
      zip,
      zipSync({ 'a.csv': new TextEncoder().encode('user,item\n') }),
    );
    const raw = funnelConfig(zip);
    raw.events = { ...(raw.events as object), member: 'b.csv' };
    await assert.rejects(runPrepare(raw, join(dir, 'out')), (e: Error) => {
      assert.equal(e.name, 'DataError');
      assert.match(e.message, /events\.zip/);
      assert.match(e.message, /no member "b\.csv"/);
      return true;
    });
  });
});

test('prepare() reads headerless files with configured columns and constants', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'pairs.txt', [
      'u1 i1',
      'u1 i2',
      'u2 i1',
      'u3 i3',
    ]);
    const p = await runPrepare(
      {
        events: {
          path,
          format: 'tsv',
          delimiter: ' ',
          header: false,
          columns: ['user', 'item'],
          constants: { type: 'buy' },
          user: 'user',
          item: 'item',
          type: 'type',
        },
        tasks: [{ name: 'purchase', types: ['buy'] }],
      },
      join(dir, 'out'),
    );
    const r = p.manifest.rows;
    assert.equal(r.train + r.valid + r.test, 4);
    for (const split of ['train', 'valid', 'test'] as const) {
      if (r[split]) assert.equal(p.manifest.tasks[0].positiveRate[split], 1);
    }
  });
});
