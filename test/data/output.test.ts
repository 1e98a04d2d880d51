import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrepared } from '../../src/data/load.ts';
import { prepare } from '../../src/data/prepare.ts';
import { presetConfig } from '../../src/data/presets.ts';
import type { PreparedManifest } from '../../src/data/types.ts';
import { generateWorld } from '../../src/generate/index.ts';
import { hashDir, readParquet } from './fixtures.ts';

let dir = '';
let world = '';
let out = '';
let manifest: PreparedManifest;
const splits: Record<string, Record<string, unknown>[]> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-output-'));
  world = join(dir, 'world');
  await generateWorld({
    out: world,
    users: 150,
    items: 60,
    events: 15_000,
    seed: 5,
  });
  out = join(dir, 'prepared');
  manifest = (await prepare(presetConfig('generated', world), out)).manifest;
  for (const s of ['train', 'valid', 'test']) {
    splits[s] = await readParquet(join(out, `${s}.parquet`));
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : Number(v));

test('prepare() writes the manifest, quality, vocab and one Parquet file per split', () => {
  assert.deepEqual(readdirSync(out).sort(), [
    'manifest.json',
    'quality.json',
    'test.parquet',
    'train.parquet',
    'valid.parquet',
    'vocab.json',
  ]);
  const onDisk = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.deepEqual(onDisk, JSON.parse(JSON.stringify(manifest)));
  assert.equal(manifest.format, 'winnow-prepared');
  assert.equal(manifest.version, 1);
  assert.equal(manifest.name, 'generated');
  assert.equal(manifest.seed, 42);
  for (const s of ['train', 'valid', 'test'] as const) {
    assert.equal(manifest.rows[s], splits[s].length, `rows of ${s}`);
  }
  assert.ok(manifest.rows.train > 4 * manifest.rows.test);
  assert.equal(manifest.split.method, 'time');
});

test('manifest.json lists features with their types and vocab sizes matching the ids', () => {
  const names = manifest.features.map((f) => f.name);
  for (const want of [
    'user_id',
    'item_id',
    'item_category',
    'item_price',
    'user_activity',
    'item_popularity',
    'user_tag_category_1',
    'user_interest_in_category',
  ]) {
    assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
  }
  assert.equal(new Set(names).size, names.length, 'unique names');
  const all = [...splits.train, ...splits.valid, ...splits.test];
  for (const f of manifest.features) {
    if (f.kind === 'categorical') {
      const ids = all.map((r) => num(r[`c_${f.name}`]));
      const max = Math.max(...ids);
      assert.ok(Math.min(...ids) >= 0 && max < f.vocab, `${f.name} ids`);
      if (!f.hashed) assert.ok(max === f.vocab - 1 || f.vocab === 1);
    } else {
      assert.ok(f.std > 0, `${f.name} std`);
      const z = splits.train.map((r) => num(r[`n_${f.name}`]));
      const mean = z.reduce((a, b) => a + b, 0) / z.length;
      assert.ok(Math.abs(mean) < 1e-3, `${f.name} standardised on train`);
    }
  }
  const vocab = JSON.parse(readFileSync(join(out, 'vocab.json'), 'utf8'));
  const userId = manifest.features.find((f) => f.name === 'user_id')!;
  assert.equal(vocab.user_id.length, (userId as { vocab: number }).vocab);
  assert.equal(vocab.user_id[0], '', 'id 0 is out of vocabulary');
});

test('manifest.json gives each task its positive rate per split', () => {
  assert.deepEqual(
    manifest.tasks.map((t) => t.name),
    ['click', 'cart', 'purchase'],
  );
  for (const t of manifest.tasks) {
    for (const s of ['train', 'valid', 'test'] as const) {
      const y = splits[s].map((r) => num(r[`y_${t.name}`]));
      const rate = y.reduce((a, b) => a + b, 0) / y.length;
      assert.ok(Math.abs(t.positiveRate[s]! - rate) < 1e-6, `${t.name} ${s}`);
    }
  }
  const [click, cart, purchase] = manifest.tasks.map(
    (t) => t.positiveRate.train!,
  );
  assert.ok(click > cart && cart > purchase && purchase > 0);
});

test('manifest.json records the config and the input files with checksums', () => {
  assert.deepEqual(
    manifest.config,
    JSON.parse(JSON.stringify(presetConfig('generated', world))),
  );
  assert.deepEqual(
    manifest.inputs.map((f) => f.path),
    ['events.csv', 'items.csv', 'users.csv'],
  );
  for (const f of manifest.inputs) {
    const bytes = readFileSync(join(world, f.path));
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
  }
});

test('quality.json counts the rows read from every table', () => {
  const q = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8'));
  assert.equal(q.format, 'winnow-quality');
  const lines = (name: string) =>
    readFileSync(join(world, name), 'utf8').trimEnd().split('\n').length - 1;
  assert.equal(q.tables.events.rowsRead, lines('events.csv'));
  assert.equal(q.tables.items.rowsRead, lines('items.csv'));
  assert.equal(q.tables.users.rowsRead, lines('users.csv'));
  assert.ok(q.tables.events.rowsKept <= q.tables.events.rowsRead);
});

test('prepare() splits by time: valid strictly after train, test strictly after valid', () => {
  const ts = (s: string) => splits[s].map((r) => num(r.ts));
  assert.ok(Math.max(...ts('train')) < Math.min(...ts('valid')));
  assert.ok(Math.max(...ts('valid')) < Math.min(...ts('test')));
  const ids = Object.values(splits).flatMap((rows) =>
    rows.map((r) => num(r.sample_id)),
  );
  assert.equal(new Set(ids).size, ids.length, 'sample ids unique');
});

test('prepare() twice with the same input and seed writes the same bytes', async () => {
  const again = join(dir, 'again');
  await prepare(presetConfig('generated', world), again);
  assert.deepEqual(hashDir(again), hashDir(out));
  rmSync(again, { recursive: true, force: true });
});

test('loadPrepared() returns typed arrays equal to the Parquet columns', async () => {
  const data = await loadPrepared(out);
  assert.deepEqual(data.manifest, manifest);
  const cats = manifest.features.filter((f) => f.kind === 'categorical');
  const nums = manifest.features.filter((f) => f.kind === 'numeric');
  for (const s of ['train', 'valid', 'test'] as const) {
    const a = data.splits[s];
    const rows = splits[s];
    assert.equal(a.rows, rows.length);
    assert.equal(a.nCat, cats.length);
    assert.equal(a.nDense, nums.length);
    assert.equal(a.nTasks, 3);
    rows.forEach((r, i) => {
      assert.equal(a.sampleId[i], num(r.sample_id));
      assert.equal(a.userKeys[a.user[i]], r.user);
      assert.equal(a.itemKeys[a.item[i]], r.item);
      assert.equal(a.time[i], num(r.ts));
      assert.equal(a.sampled[i], num(r.sampled));
      assert.equal(a.weights[i], 1);
      cats.forEach((f, k) =>
        assert.equal(a.cat[i * a.nCat + k], num(r[`c_${f.name}`])),
      );
      nums.forEach((f, k) =>
        assert.equal(
          a.dense[i * a.nDense + k],
          Math.fround(num(r[`n_${f.name}`])),
        ),
      );
      manifest.tasks.forEach((t, k) =>
        assert.equal(a.labels[i * 3 + k], num(r[`y_${t.name}`])),
      );
    });
  }
  assert.deepEqual(data.splits.train.userKeys, data.splits.test.userKeys);
  const only = await loadPrepared(out, ['valid']);
  assert.deepEqual(Object.keys(only.splits), ['valid']);
});

test('prepare() that fails leaves no output and no temporary folders', async () => {
  const parent = join(dir, 'failing');
  mkdirSync(parent);
  const target = join(parent, 'out');
  const bad = presetConfig('generated', world);
  bad.events = { ...bad.events, item: 'no_such_column' };
  await assert.rejects(prepare(bad, target), /no_such_column/);
  assert.deepEqual(readdirSync(parent), []);
  // An earlier result at the target survives a failed run untouched.
  mkdirSync(target);
  writeFileSync(join(target, 'marker'), 'kept');
  await assert.rejects(prepare(bad, target), /no_such_column/);
  assert.deepEqual(readdirSync(parent), ['out']);
  assert.equal(readFileSync(join(target, 'marker'), 'utf8'), 'kept');
  assert.ok(!existsSync(join(target, 'manifest.json')));
});
