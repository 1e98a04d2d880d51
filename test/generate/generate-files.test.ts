import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { UsageError } from '../../src/errors.ts';
import { generateWorld } from '../../src/generate/index.ts';
import { hashDir } from './world-files.ts';

const SMALL = { users: 300, items: 100, events: 20_000 };

let dir = '';
before(() => (dir = mkdtempSync(join(tmpdir(), 'winnow-gen-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

test('generateWorld() with the same seed writes the same bytes', async () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  await generateWorld({ out: a, ...SMALL, seed: 3 });
  await generateWorld({ out: b, ...SMALL, seed: 3 });
  assert.deepEqual(hashDir(a), hashDir(b));
});

test('generateWorld() with another seed writes other events', async () => {
  const a = join(dir, 'seed4');
  const b = join(dir, 'seed5');
  await generateWorld({ out: a, ...SMALL, seed: 4 });
  await generateWorld({ out: b, ...SMALL, seed: 5 });
  assert.notEqual(hashDir(a)['events.csv'], hashDir(b)['events.csv']);
});

test('generateWorld() leaves only the output directory behind', async () => {
  const parent = join(dir, 'parent');
  mkdirSync(parent);
  await generateWorld({ out: join(parent, 'w'), ...SMALL });
  assert.deepEqual(readdirSync(parent), ['w']);
  assert.deepEqual(readdirSync(join(parent, 'w')).sort(), [
    'events.csv',
    'items.csv',
    'truth.csv',
    'truth.json',
    'users.csv',
    'world.json',
  ]);
  const world = JSON.parse(readFileSync(join(parent, 'w/world.json'), 'utf8'));
  assert.equal(world.seed, 1);
  assert.equal(world.format, 'csv');
  assert.equal(world.version, 1);
  assert.deepEqual(
    [world.sizes.users, world.sizes.items, world.sizes.events],
    [SMALL.users, SMALL.items, SMALL.events],
  );
});

test('generateWorld() refuses an existing directory unless forced', async () => {
  const out = join(dir, 'exists');
  mkdirSync(out);
  await assert.rejects(generateWorld({ out, ...SMALL }), UsageError);
  await generateWorld({ out, ...SMALL, force: true });
  assert.ok(existsSync(join(out, 'events.csv')));
});

test('generateWorld() rejects bad sizes, formats and noise rates', async () => {
  const out = join(dir, 'never');
  const bad = [
    { users: 0 },
    { items: 2.5 },
    { events: -1 },
    { format: 'json' as 'csv' },
    { noiseRate: 0.7 },
    { seed: -3 },
  ];
  for (const b of bad) {
    await assert.rejects(generateWorld({ out, ...SMALL, ...b }), UsageError);
  }
  assert.ok(!existsSync(out));
});

test('generateWorld() with noise rate 0 plants no accidental clicks', async () => {
  const out = join(dir, 'clean');
  const s = await generateWorld({ out, ...SMALL, noiseRate: 0 });
  assert.equal(s.counts.truth.accidental_click, 0);
  assert.ok(s.counts.truth.bot_user > 0);
});

test('generateWorld() in Parquet writes the same tables, deterministically', async () => {
  const csv = join(dir, 'pq-csv');
  const pq = join(dir, 'pq');
  const pq2 = join(dir, 'pq2');
  await generateWorld({ out: csv, ...SMALL, seed: 9 });
  await generateWorld({ out: pq, ...SMALL, seed: 9, format: 'parquet' });
  await generateWorld({ out: pq2, ...SMALL, seed: 9, format: 'parquet' });
  assert.deepEqual(hashDir(pq), hashDir(pq2));
  assert.deepEqual(readdirSync(pq).sort(), [
    'events.parquet',
    'items.parquet',
    'truth.csv',
    'truth.json',
    'users.parquet',
    'world.json',
  ]);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const read = async (sql: string) =>
      (await conn.runAndReadAll(sql)).getRowObjectsJson();
    const p = (name: string) => `'${join(pq, name)}'`;
    const c = (name: string) => `'${join(csv, name)}'`;
    const diff = await read(
      `SELECT count(*) AS n FROM (SELECT * FROM ${p('events.parquet')} ` +
        `EXCEPT ALL SELECT event_id, ts, user_id, session_id, ` +
        `coalesce(query, '') AS query, item_id, position, event_type, dwell ` +
        `FROM read_csv(${c('events.csv')}))`,
    );
    assert.equal(Number(diff[0].n), 0);
    const counts = await read(
      `SELECT count(*) AS n, count(dwell) AS d, ` +
        `sum((query = '')::INT) AS browse FROM ${p('events.parquet')}`,
    );
    assert.equal(Number(counts[0].n), SMALL.events);
    assert.ok(Number(counts[0].browse) > 0);
    const items = await read(`SELECT count(*) AS n FROM ${p('items.parquet')}`);
    assert.ok(Number(items[0].n) >= 97);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
