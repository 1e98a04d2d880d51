/**
 * The presets on the real datasets in ../shared/datasets (from the repo
 * root). Expected figures come from each dataset's README or are counted
 * here from the raw file, independently of the pipeline.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../src/data/prepare.ts';
import { presetConfig } from '../../src/data/presets.ts';
import type { QualityReport } from '../../src/data/quality.ts';
import type { PreparedManifest } from '../../src/data/types.ts';
import { datasetsDir, duckQuery } from './fixtures.ts';

const DATASETS = datasetsDir();
const absent = (name: string) =>
  !DATASETS || !existsSync(join(DATASETS, name))
    ? `dataset ${name} not found under ../shared/datasets (from the repo root)`
    : false;

let work = '';
before(() => (work = mkdtempSync(join(tmpdir(), 'winnow-datasets-'))));
after(() => rmSync(work, { recursive: true, force: true }));

async function run(preset: string, folder: string) {
  const out = join(work, preset);
  const config = presetConfig(preset, join(DATASETS!, folder));
  const { manifest } = await prepare(config, out);
  const quality = JSON.parse(
    readFileSync(join(out, 'quality.json'), 'utf8'),
  ) as QualityReport;
  const files = ['train', 'valid', 'test']
    .map((s) => join(out, `${s}.parquet`))
    .map((f) => `'${f}'`)
    .join(', ');
  const query = (select: string) =>
    duckQuery(`SELECT ${select} FROM read_parquet([${files}])`).then(
      (r) => r[0],
    );
  return { manifest, quality, query };
}

const total = (m: PreparedManifest) =>
  m.rows.train + m.rows.valid + m.rows.test;
const near = (got: number, want: number, tol: number, what: string) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

test(
  'preset ali-ccp keeps the given splits and their click/purchase rates',
  { skip: absent('ali-ccp-sample') },
  async () => {
    const { manifest, quality } = await run('ali-ccp', 'ali-ccp-sample');
    // The train file holds two exact copies of earlier rows (lines 57, 101).
    assert.deepEqual(manifest.rows, { train: 98, valid: 50, test: 50 });
    const found = quality.repairs.map((r) => [r.reason, r.count]);
    assert.deepEqual(found, [['duplicate event', 2]]);
    assert.equal(manifest.split.method, 'given');
    const [click, purchase] = manifest.tasks;
    // README: click 7% / 6% / 4%, purchase 1% / 2% / 2% (before dedup).
    near(click.positiveRate.train!, 0.07, 0.002, 'click train');
    assert.equal(click.positiveRate.valid, 0.06);
    assert.equal(click.positiveRate.test, 0.04);
    near(purchase.positiveRate.train!, 0.01, 0.001, 'purchase train');
    assert.equal(purchase.positiveRate.valid, 0.02);
    assert.equal(purchase.positiveRate.test, 0.02);
  },
);

test(
  'preset aliexpress keeps train/test and the enriched click rates',
  { skip: absent('aliexpress-sample') },
  async () => {
    const { manifest } = await run('aliexpress', 'aliexpress-sample');
    assert.deepEqual(manifest.rows, { train: 100, valid: 0, test: 20 });
    // README: click 60% / 50%, conversion 2% / 10%.
    assert.equal(manifest.tasks[0].positiveRate.train, 0.6);
    assert.equal(manifest.tasks[0].positiveRate.test, 0.5);
    assert.equal(manifest.tasks[1].positiveRate.train, 0.02);
    assert.equal(manifest.tasks[1].positiveRate.test, 0.1);
  },
);

test(
  'preset taobao-userbehavior on the 10k file: one sample per pair plus negatives',
  { skip: absent('taobao-userbehavior-10k') },
  async () => {
    const raw = readFileSync(
      join(DATASETS!, 'taobao-userbehavior-10k', 'UserBehavior.csv'),
      'utf8',
    );
    const pairs = new Set<string>();
    const bought = new Set<string>();
    for (const line of raw.trim().split('\n')) {
      const [u, i, , type] = line.split(',');
      pairs.add(`${u},${i}`);
      if (type === 'buy') bought.add(`${u},${i}`);
    }
    assert.equal(pairs.size, 7854, 'README: 7,854 distinct user-item pairs');
    const { manifest, query } = await run(
      'taobao-userbehavior',
      'taobao-userbehavior-10k',
    );
    assert.equal(manifest.split.method, 'time');
    const r = await query(
      'count(*) FILTER (sampled = 0) AS obs, count(*) FILTER (sampled = 1) AS neg, ' +
        'sum(y_click) FILTER (sampled = 0) AS clicks, sum(y_purchase) AS buys, ' +
        'sum(y_click) FILTER (sampled = 1) AS negClicks',
    );
    assert.equal(Number(r.obs), pairs.size);
    assert.equal(Number(r.clicks), pairs.size, 'every observed pair engaged');
    assert.equal(Number(r.buys), bought.size);
    assert.equal(Number(r.negClicks), 0);
    near(Number(r.neg), pairs.size, 0.02 * pairs.size, 'one negative each');
    const names = manifest.features.map((f) => f.name);
    assert.ok(names.includes('user_tag_category_id_1'), names.join());
  },
);

test(
  'preset homedepot: relevance >= 2.67 share and relevance kept for evaluation',
  { skip: absent('homedepot-search-relevance') },
  async () => {
    const { manifest, query } = await run(
      'homedepot',
      'homedepot-search-relevance',
    );
    // README: 74,067 rows; 2.67 (15,202), 2.75 (11) and 3 (19,125) are positive.
    assert.equal(total(manifest), 74_067);
    const r = await query('avg(y_relevant) AS rate, avg(e_relevance) AS mean');
    near(
      Number(r.rate),
      (15_202 + 11 + 19_125) / 74_067,
      1e-9,
      'positive share',
    );
    near(Number(r.mean), 2.38, 0.005, 'README: mean relevance 2.38');
    assert.deepEqual(manifest.evalColumns, ['relevance']);
    for (const s of ['train', 'valid', 'test'] as const) {
      near(manifest.tasks[0].positiveRate[s]!, 0.4636, 0.03, `rate in ${s}`);
    }
    assert.equal(manifest.split.method, 'user');
    // Each query's products share a split; titles are hashed into terms.
    assert.match(manifest.split.detail, /all samples of a user go together/);
    const names = manifest.features.map((f) => f.name);
    assert.ok(names.includes('item_product_title_term_1'), `${names}`);
  },
);

test(
  'preset denoisingrec: the clean flag is an evaluation column, not a feature',
  { skip: absent('denoisingrec-adt') },
  async () => {
    const lines = readFileSync(
      join(DATASETS!, 'denoisingrec-adt', 'yelp', 'yelp.valid.rating'),
      'utf8',
    )
      .trim()
      .split('\n');
    // README: 209,453 rows; exact duplicate lines are dropped.
    assert.equal(lines.length, 209_453);
    const unique = [...new Set(lines)];
    const clean = unique.filter((l) => l.endsWith('\t1')).length;
    const { manifest, quality, query } = await run(
      'denoisingrec',
      'denoisingrec-adt',
    );
    assert.deepEqual(manifest.evalColumns, ['clean']);
    const names = manifest.features.map((f) => f.name);
    assert.ok(!names.some((n) => n.includes('clean')), names.join());
    const r = await query(
      'count(*) FILTER (sampled = 0) AS obs, avg(e_clean) FILTER (sampled = 0) ' +
        'AS clean, count(*) FILTER (sampled = 1 AND NOT isnan(e_clean)) AS ' +
        'negFlag, avg(y_click) AS rate',
    );
    assert.equal(Number(r.obs), unique.length);
    const dups = quality.repairs.find((x) => x.reason === 'duplicate event');
    assert.equal(dups?.count, lines.length - unique.length);
    near(Number(r.clean), clean / unique.length, 1e-9, 'clean share');
    near(Number(r.clean), 0.844, 0.005, 'README: 84.4% flagged 1');
    assert.equal(Number(r.negFlag), 0, 'sampled negatives have NaN flags');
    near(Number(r.rate), 0.5, 0.01, 'one sampled negative per positive');
  },
);

test(
  'preset denoisingrec-adressa keeps the Adressa flag as column clean',
  { skip: absent('denoisingrec-adt') },
  async () => {
    const text = readFileSync(
      join(DATASETS!, 'denoisingrec-adt', 'adressa', 'adressa.valid.rating'),
      'utf8',
    );
    // README: 53,262 rows (no final newline), 32.8% flagged 1.
    const lines = text.trim().split('\n');
    assert.equal(lines.length, 53_262);
    const unique = [...new Set(lines)];
    const clean = unique.filter((l) => l.endsWith('\t1')).length;
    const { manifest, query } = await run(
      'denoisingrec-adressa',
      'denoisingrec-adt',
    );
    assert.equal(manifest.name, 'denoisingrec-adressa');
    assert.deepEqual(manifest.evalColumns, ['clean']);
    const r = await query(
      'count(*) FILTER (sampled = 0) AS obs, ' +
        'avg(e_clean) FILTER (sampled = 0) AS clean',
    );
    assert.equal(Number(r.obs), unique.length);
    near(Number(r.clean), clean / unique.length, 1e-9, 'clean share');
    near(Number(r.clean), 0.328, 0.005, 'README: 32.8% flagged 1');
  },
);
