import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin', 'winnow.js');

/** Runs `node bin/winnow.js ...args` in `cwd`. */
function winnow(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => {
  assert.doesNotMatch(text, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(text, /internal error/);
};

function withDir(body: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-cli-prepare-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeConfig(dir: string, events: string[], item = 'item'): string {
  writeFileSync(join(dir, 'events.csv'), events.map((l) => `${l}\n`).join(''));
  const config = {
    events: { path: 'events.csv', user: 'user', item, type: 'type' },
    tasks: [{ name: 'click', types: ['click'] }],
    impressionType: 'view',
    features: { minCount: 1, leakAuc: 1 },
  };
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const EVENTS = ['user,item,type', 'u1,i1,view', 'u1,i2,click', 'u2,i1,view'];

test('winnow prepare --config writes a dataset and prints a summary', () => {
  withDir((dir) => {
    const config = writeConfig(dir, EVENTS);
    const r = winnow(
      ['prepare', '--config', config, '--out', 'p', '--quiet'],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*p: train \d+, valid \d+, test \d+ samples/);
    assert.ok(existsSync(join(dir, 'p', 'manifest.json')));
    const j = winnow(
      ['prepare', '--config', config, '--out', 'p2', '--quiet', '--json'],
      dir,
    );
    assert.equal(j.code, 0, j.stderr);
    const manifest = JSON.parse(j.stdout);
    assert.equal(
      manifest.rows.train + manifest.rows.valid + manifest.rows.test,
      3,
    );
    assert.deepEqual(
      JSON.parse(readFileSync(join(dir, 'p2', 'manifest.json'), 'utf8')),
      manifest,
    );
  });
});

test('winnow prepare with a missing column exits 2 naming file and column', () => {
  withDir((dir) => {
    const config = writeConfig(dir, EVENTS, 'product');
    const r = winnow(['prepare', '--config', config, '--out', 'p'], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /winnow: data error: .*events\.csv, column product: no column "product"/,
    );
    noStack(r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'events.csv']);
  });
});

test('winnow prepare with a wrong-typed value exits 2 naming line and column', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'e.csv'), 'u,i,y\nu1,i1,yes\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      'events: {path: e.csv, user: u, item: i}\n' +
        'tasks: [{name: click, column: y}]\n',
    );
    const r = winnow(['prepare', '--config', 'c.yaml', '--out', 'p'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /e\.csv, line 2, column y: expected numbers/);
    noStack(r.stderr);
  });
});

test('winnow prepare with a missing file or bad flags exits 2 without a stack', () => {
  withDir((dir) => {
    const config = writeConfig(dir, EVENTS);
    rmSync(join(dir, 'events.csv'));
    const missing = winnow(['prepare', '--config', config, '--out', 'p'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /events\.csv: file not found/);
    noStack(missing.stderr);
    const none = winnow(['prepare', '--out', 'p'], dir);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /give --config FILE or --preset NAME --data PATH/,
    );
    const seed = winnow(
      ['prepare', '--config', config, '--out', 'p', '--seed', 'x'],
      dir,
    );
    assert.equal(seed.code, 2);
    assert.match(seed.stderr, /--seed expects an integer; got x/);
    const preset = winnow(
      ['prepare', '--preset', 'nope', '--data', '.', '--out', 'p'],
      dir,
    );
    assert.equal(preset.code, 2);
    assert.match(preset.stderr, /unknown preset "nope"/);
    noStack(preset.stderr);
  });
});
