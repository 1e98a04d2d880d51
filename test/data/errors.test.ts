import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile } from '../../src/data/config.ts';
import { presetConfig } from '../../src/data/presets.ts';
import { DataError, UsageError } from '../../src/errors.ts';
import { runPrepare, withTemp, writeLines } from './fixtures.ts';

const events = (path: string, extra: Record<string, unknown> = {}) => ({
  events: { path, user: 'user', item: 'item', type: 'type', ...extra },
  tasks: [{ name: 'click', types: ['click'] }],
});

/** Asserts that `run` fails with a DataError whose message matches all. */
async function failsWith(
  run: Promise<unknown>,
  where: { file?: RegExp; line?: number; column?: string },
  ...patterns: RegExp[]
) {
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    if (where.file) assert.match(e.where.file ?? '', where.file);
    if (where.line !== undefined) assert.equal(e.where.line, where.line);
    if (where.column) assert.equal(e.where.column, where.column);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

test('prepare() of a missing file names it and says where paths are read from', async () => {
  await withTemp(async (dir) => {
    await failsWith(
      runPrepare(events(join(dir, 'nope.csv')), join(dir, 'out')),
      { file: /nope\.csv$/ },
      /nope\.csv: file not found/,
      /relative paths are read from/,
    );
  });
});

test('prepare() of a missing column names it, its role and the columns there are', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'e.csv', ['user,itm,type', 'u1,i1,click']);
    await failsWith(
      runPrepare(events(path), join(dir, 'out')),
      { file: /e\.csv$/, column: 'item' },
      /no column "item" \(named as user\/item id in the config\)/,
      /the file has "user", "itm", "type"/,
    );
  });
});

test('prepare() of a column of the wrong type names file, line and column', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'e.csv', [
      'user,item,click',
      'u1,i1,yes',
      'u2,i2,no',
    ]);
    await failsWith(
      runPrepare(
        {
          events: { path, user: 'user', item: 'item' },
          tasks: [{ name: 'click', column: 'click' }],
        },
        join(dir, 'out'),
      ),
      { file: /e\.csv$/, line: 2, column: 'click' },
      /e\.csv, line 2, column click: expected numbers in column "click"/,
      /none of its 2 values parses as one \(e\.g\. "yes"\)/,
    );
  });
});

test('prepare() of an empty table says it has no rows', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'e.csv', ['user,item,type']);
    await failsWith(
      runPrepare(events(path), join(dir, 'out')),
      { file: /e\.csv$/ },
      /no readable rows \(0 lines read/,
    );
    const blank = join(dir, 'blank.csv');
    writeFileSync(blank, '');
    await failsWith(
      runPrepare(events(blank), join(dir, 'out')),
      { file: /blank\.csv$/ },
      /no header line/,
    );
  });
});

test('prepare() of a file with no readable line names the first bad line', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'e.csv', [
      'user,item,type',
      'u1;i1;click',
      'u2;i2;click',
    ]);
    await failsWith(
      runPrepare(events(path), join(dir, 'out')),
      { file: /e\.csv$/, line: 2 },
      /all rejected: \{"bad field count":2\}/,
      /check the delimiter/,
    );
  });
});

test('prepare() that cleans every event away says why', async () => {
  await withTemp(async (dir) => {
    const path = writeLines(dir, 'e.csv', [
      'user,item,type',
      'u1,i1,view',
      'u2,i2,view',
    ]);
    await failsWith(
      runPrepare(events(path), join(dir, 'out')),
      { file: /e\.csv$/ },
      /no events are left after cleaning/,
      /behaviour type not used by any task: "view" \(2\)/,
    );
  });
});

test('readConfigFile() names the config field that is wrong', async () => {
  await withTemp(async (dir) => {
    const path = join(dir, 'c.json');
    writeFileSync(
      path,
      JSON.stringify({
        events: { path: 'e.csv', user: 'u', item: 'i', typo: 1 },
        tasks: [{ name: 'click' }],
      }),
    );
    assert.throws(
      () => readConfigFile(path),
      (e: unknown) =>
        e instanceof UsageError &&
        /c\.json: invalid configuration/.test(e.message) &&
        /events: Unrecognized key: "typo"/.test(e.message),
    );
    writeFileSync(
      path,
      JSON.stringify({
        events: { path: 'e.csv', user: 'u', item: 'i' },
        tasks: [{ name: 'click' }],
      }),
    );
    assert.throws(() => readConfigFile(path), /task "click" needs "types"/);
    writeFileSync(path, '{ not json');
    assert.throws(() => readConfigFile(path), /c\.json: not valid JSON/);
    assert.throws(() => readConfigFile(join(dir, 'x.yaml')), /cannot read/);
  });
});

test('readConfigFile() reads YAML and resolves paths against its folder', async () => {
  await withTemp(async (dir) => {
    const path = join(dir, 'c.yaml');
    writeFileSync(
      path,
      [
        'events:',
        '  path: data/e.csv',
        '  user: u',
        '  item: i',
        'tasks:',
        '  - name: click',
        '    column: y',
      ].join('\n'),
    );
    const c = readConfigFile(path);
    assert.equal(c.events.path, join(dir, 'data', 'e.csv'));
    assert.equal(c.seed, 42);
  });
});

test('presetConfig() rejects an unknown preset and a missing folder', () => {
  assert.throws(
    () => presetConfig('nope', '.'),
    /unknown preset "nope"; choose one of: generated, taobao-hscd/,
  );
  assert.throws(
    () => presetConfig('generated', '/no/such/dir'),
    /--data \/no\/such\/dir: no such folder/,
  );
});
