import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repairColumns } from '../../src/data/attributes.ts';
import { guardDelimited } from '../../src/data/csv-guard.ts';
import { openEngine, rows } from '../../src/data/duck.ts';
import { QualityLog } from '../../src/data/quality.ts';
import {
  config,
  repairCount,
  readParquet,
  repairs,
  runPrepare,
  withTemp,
  writeLines,
} from './fixtures.ts';

/** A file with one problem per line; line numbers are 1-based. */
function messyEvents(dir: string): string {
  const path = join(dir, 'events.csv');
  const text = Buffer.concat([
    Buffer.from(
      [
        'user,item,ts,type,price', // 1 header
        'u1,i1,100,click,5', // 2
        'u1,i2,101,click', // 3 too few fields
        'u2,i1,102,click,5,9', // 4 too many fields
        'u2,i2,abc,click,5', // 5 unparsable time
        'u1,i1,100,click,5', // 6 duplicate of line 2
        'u3,i9,103,click,5', // 7 unknown item
        'u3,i3,104,click,',
      ].join('\n'),
    ),
    Buffer.from([0xff, 0xfe]), // 8 not UTF-8
    Buffer.from(
      [
        '',
        'u3,i2,105,click,x', // 9 unparsable price
        'u4,i3,106,click,5\r', // 10 CRLF
        'u4,i2,107,impression,4', // 11
        'u5,i1,108,impression,6', // 12
        'u4,i1,107,cl', // 13 truncated, no final newline
      ].join('\n'),
    ),
  ]);
  writeFileSync(path, text);
  return path;
}

test('guardDelimited() counts rejected lines by reason and names their lines', async () => {
  await withTemp(async (dir) => {
    const input = messyEvents(dir);
    const out = join(dir, 'clean.csv');
    const g = await guardDelimited(input, out, {
      delimiter: ',',
      hasHeader: true,
    });
    assert.deepEqual(g.header, ['user', 'item', 'ts', 'type', 'price']);
    assert.equal(g.lines, 12);
    assert.deepEqual(g.rejected, {
      'bad field count': 2,
      'not UTF-8': 1,
      'truncated last line': 1,
    });
    assert.equal(g.kept, 8);
    assert.equal(g.crlf, 1);
    const where = g.examples.map((e) => [e.line, e.reason]);
    assert.deepEqual(where, [
      [3, 'bad field count'],
      [4, 'bad field count'],
      [8, 'not UTF-8'],
      [13, 'truncated last line'],
    ]);
    assert.match(g.examples[0].detail, /expected 5 fields, found 4/);
    const kept = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(kept[0], '__line,user,item,ts,type,price');
    assert.deepEqual(
      kept.slice(1).map((l) => Number(l.split(',')[0])),
      [2, 5, 6, 7, 9, 10, 11, 12],
    );
    assert.ok(!kept.some((l) => l.endsWith('\r')), 'CR removed');
  });
});

test('guardDelimited() keeps quoted delimiters and line breaks, rejects an unclosed quote', async () => {
  await withTemp(async (dir) => {
    const input = join(dir, 'q.csv');
    writeFileSync(input, 'a,b\n"x,1",2\n"multi\nline",3\n4,"open\n');
    const g = await guardDelimited(input, join(dir, 'o.csv'), {
      delimiter: ',',
      hasHeader: true,
    });
    assert.equal(g.kept, 2);
    assert.deepEqual(g.rejected, { 'truncated last line': 1 });
  });
});

test('prepare() records every repair of a messy file in quality.json with its line', async () => {
  await withTemp(async (dir) => {
    const events = messyEvents(dir);
    const items = writeLines(dir, 'items.csv', ['id,cat', 'i1,a', 'i2,b']);
    const p = await runPrepare(
      {
        events: {
          path: events,
          user: 'user',
          item: 'item',
          time: 'ts',
          type: 'type',
          attributes: { numeric: ['price'] },
        },
        items: { path: items, key: 'id', attributes: { categorical: ['cat'] } },
        tasks: [{ name: 'click', types: ['click'] }],
        impressionType: 'impression',
        // Four samples: any feature may order them by chance.
        features: { leakAuc: 1 },
      },
      join(dir, 'out'),
    );
    const q = p.quality;
    const count = (reason: RegExp) => repairCount(q, 'events', reason);
    assert.equal(count(/^bad field count$/), 2);
    assert.equal(count(/^not UTF-8$/), 1);
    assert.equal(count(/^truncated last line$/), 1);
    assert.equal(count(/^CRLF line end$/), 1);
    assert.equal(count(/^duplicate event$/), 1);
    assert.equal(count(/unparsable value in "ts"/), 1);
    assert.equal(count(/unparsable value in "price"/), 1);
    assert.equal(count(/^unknown item id/), 2, 'i9 and i3');
    assert.equal(count(/^missing "price" filled with median \(5\)/), 1);
    const examples = (reason: RegExp) =>
      repairs(q, 'events', reason).flatMap((r) => r.examples);
    assert.match(examples(/^bad field count$/)[0], /events\.csv line 3: /);
    assert.match(examples(/^bad field count$/)[1], /events\.csv line 4: /);
    assert.match(examples(/^not UTF-8$/)[0], /line 8/);
    assert.match(examples(/^truncated/)[0], /events\.csv line 13/);
    assert.deepEqual(examples(/^duplicate event$/), ['line 6']);
    assert.match(
      examples(/unparsable value in "ts"/)[0],
      /events\.csv line 5, column ts: "abc"/,
    );
    assert.match(examples(/unparsable value in "price"/)[0], /line 9.*"x"/);
    assert.deepEqual(examples(/^unknown item id/), ['line 7', 'line 10']);
    assert.equal(q.tables.events.rowsRead, 8);
    assert.equal(q.tables.events.rowsKept, 4, 'lines 2, 9, 11, 12');
    const r = p.manifest.rows;
    assert.equal(r.train + r.valid + r.test, 4);
  });
});

test('prepare() with encoding latin-1 transcodes instead of rejecting', async () => {
  await withTemp(async (dir) => {
    const path = join(dir, 'e.csv');
    const body = ['user,item,type', 'u1,i1,click', 'u2,i\xe91,click', ''];
    writeFileSync(path, Buffer.from(body.join('\n'), 'latin1'));
    const ok = await runPrepare(
      {
        events: {
          path,
          encoding: 'latin-1',
          user: 'user',
          item: 'item',
          type: 'type',
        },
        tasks: [{ name: 'click', types: ['click'] }],
        features: { minCount: 1 },
      },
      join(dir, 'out'),
    );
    assert.equal(repairs(ok.quality, 'events', /UTF-8/).length, 0);
    const items = [];
    for (const split of ['train', 'valid', 'test']) {
      const file = join(dir, 'out', `${split}.parquet`);
      items.push(...(await readParquet(file, 'item')).map((r) => r.item));
    }
    assert.deepEqual(items.sort(), ['i1', 'i\u00e91']);
  });
});

interface Cell {
  __line: number;
  a_x: number | null;
  a_c: string | null;
}

/** Runs repairColumns over a one-table DuckDB and returns the table. */
async function repair(
  cells: [number | null, string | null][],
  missing: Record<string, unknown>,
  winsorize: [number, number] = [0, 1],
) {
  return withTemp(async (dir) => {
    const engine = await openEngine(dir);
    try {
      const values = cells
        .map(
          ([x, c], i) =>
            `(${i + 1}, ${x ?? 'NULL'}, ${c === null ? 'NULL' : `'${c}'`})`,
        )
        .join(', ');
      await engine.conn.run(
        'CREATE TABLE t (__line BIGINT, a_x DOUBLE, a_c VARCHAR)',
      );
      await engine.conn.run(`INSERT INTO t VALUES ${values}`);
      const cfg = config({
        events: { path: 'x', user: 'u', item: 'i' },
        tasks: [{ name: 'y', column: 'y' }],
        clean: { missing, winsorize },
      });
      const quality = new QualityLog();
      await repairColumns(engine, cfg, 't', ['c'], ['x'], quality);
      const table = await rows<Cell>(
        engine.conn,
        'SELECT __line::INTEGER AS __line, a_x, a_c FROM t ORDER BY __line',
      );
      return { table, repairs: quality.toJSON().repairs };
    } finally {
      engine.close();
    }
  });
}

test('repairColumns() fills missing values by mean, median, mode and constant', async () => {
  const data: [number | null, string | null][] = [
    [1, 'a'],
    [2, 'b'],
    [null, 'a'],
    [9, null],
  ];
  const mean = await repair(data, { x: 'mean', c: 'mode' });
  assert.deepEqual(
    mean.table.map((r) => [r.a_x, r.a_c]),
    [
      [1, 'a'],
      [2, 'b'],
      [4, 'a'],
      [9, 'a'],
    ],
  );
  assert.deepEqual(
    mean.repairs.map((r) => [r.reason, r.count, r.action]),
    [
      ['missing "c" filled with mode (a)', 1, 'imputed'],
      ['missing "x" filled with mean (4)', 1, 'imputed'],
    ],
  );
  const median = await repair(data, {});
  assert.equal(median.table[2].a_x, 2, 'median is the default for numbers');
  assert.equal(median.table[3].a_c, '(missing)', 'default for categories');
  const constant = await repair(data, {
    x: { constant: -1 },
    c: { constant: 'none' },
  });
  assert.equal(constant.table[2].a_x, -1);
  assert.equal(constant.table[3].a_c, 'none');
});

test('repairColumns() fills by the previous value in line order and drops on request', async () => {
  const data: [number | null, string | null][] = [
    [null, 'a'],
    [5, 'b'],
    [null, 'b'],
    [7, 'c'],
    [null, 'c'],
    [null, 'c'],
  ];
  const prev = await repair(data, { x: 'previous' });
  // The first row has no previous value and takes the mode of the column.
  assert.deepEqual(
    prev.table.map((r) => r.a_x),
    [5, 5, 5, 7, 7, 7],
  );
  assert.equal(prev.repairs[0].count, 4);
  const dropped = await repair(data, { x: 'drop' });
  assert.deepEqual(
    dropped.table.map((r) => r.__line),
    [2, 4],
  );
  assert.equal(dropped.repairs[0].reason, 'missing "x"');
  assert.equal(dropped.repairs[0].action, 'dropped');
  assert.equal(dropped.repairs[0].count, 4);
});

test('repairColumns() winsorizes outliers at the configured quantiles and counts them', async () => {
  const data: [number | null, string | null][] = [
    [-1000, 'a'],
    ...Array.from({ length: 98 }, () => [50, 'a'] as [number, string]),
    [10_000, 'a'],
  ];
  const w = await repair(data, {}, [0.05, 0.95]);
  assert.equal(w.table[0].a_x, 50);
  assert.equal(w.table[99].a_x, 50);
  assert.ok(w.table.every((r) => r.a_x === 50));
  const clip = w.repairs.filter((r) => r.action === 'clipped');
  assert.equal(clip.length, 1);
  assert.equal(clip[0].count, 2);
  assert.match(clip[0].reason, /outlier "x" clipped to the 0.05-0.95/);
  const none = await repair(data, {}, [0, 1]);
  assert.equal(none.repairs.length, 0, 'nothing outside [min, max]');
});
