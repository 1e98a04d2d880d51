/**
 * `winnow demo` end to end at a reduced size: every stage runs through the
 * real CLI and leaves its artifact, and the summary names what it found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

test('winnow demo at a reduced size writes every artifact and the report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-demo-test-'));
  const out = join(dir, 'run');
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'winnow.js'),
        'demo',
        '--out',
        out,
        '--users',
        '300',
        '--items',
        '120',
        '--events',
        '20000',
        '--epochs',
        '2',
        '--quiet',
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    for (const artifact of [
      'world/truth.csv',
      'prepared/manifest.json',
      'model/metrics.json',
      'scores/scores.csv',
      'scores/summary.json',
      'scores/truth-evaluation.json',
      'experiment/results.json',
      'segments.json',
      'report.html',
    ]) {
      assert.ok(existsSync(join(out, artifact)), `missing ${artifact}`);
    }
    assert.match(run.stdout, /Winnow demo finished/);
    assert.match(run.stdout, /click AUC 0\.\d{3}/);
    assert.match(run.stdout, /planted noise: \d+ of \d+ training samples/);
    assert.match(run.stdout, /50% of the data/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const section of ['data', 'model', 'importance', 'effect', 'users']) {
      assert.match(html, new RegExp(`id="${section}"`), section);
    }
    assert.doesNotMatch(html, /Not run yet/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
