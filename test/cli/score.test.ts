/**
 * `winnow score` and `winnow evaluate-scores` refuse bad calls with exit
 * code 2 and a message naming the fix, before reading any data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function winnow(...args: string[]) {
  return spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'winnow.js'), ...args],
    {
      encoding: 'utf8',
    },
  );
}

test('winnow score without --model or --dynamics exits 2 naming both', () => {
  const r = winnow('score', '--data', 'nowhere', '--out', 'x.csv');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--model DIR, or --dynamics FILE/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test('winnow score with an unknown method exits 2 listing the methods', () => {
  const r = winnow(
    'score',
    '--data',
    'nowhere',
    '--model',
    'm',
    '--out',
    'x.csv',
    '--methods',
    'loss,magic',
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown method "magic"; choose from loss, el2n/);
});

test('winnow evaluate-scores needs exactly one of --truth and --flag', () => {
  const r = winnow(
    'evaluate-scores',
    '--data',
    'p',
    '--scores',
    's.csv',
    '--truth',
    't.csv',
    '--flag',
    'clean',
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /exactly one of --truth FILE or --flag COLUMN/);
});
