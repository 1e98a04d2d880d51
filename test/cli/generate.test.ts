import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_OK, EXIT_USAGE, main } from '../../src/cli/main.ts';

/** Runs the CLI with console output captured. */
async function run(args: string[]) {
  const out: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void out.push(a.join(' '));
  try {
    const code = await main(['node', 'winnow', ...args]);
    return { code, out: out.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('winnow generate writes a world and prints its summary as JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-cli-'));
  try {
    const out = join(dir, 'w');
    const args = ['--users', '50', '--items', '40', '--events', '3_000'];
    const r = await run(['generate', '--out', out, ...args, '--json']);
    assert.equal(r.code, EXIT_OK, r.out);
    const summary = JSON.parse(r.out.split('\n').pop()!);
    assert.equal(summary.counts.rows, 3000);
    const world = JSON.parse(readFileSync(join(out, 'world.json'), 'utf8'));
    assert.equal(world.sizes.events, 3000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('winnow generate with a bad value exits with a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-cli-'));
  try {
    const out = join(dir, 'w');
    const r = await run(['generate', '--out', out, '--events', 'many']);
    assert.equal(r.code, EXIT_USAGE);
    assert.match(r.out, /--events expects a number/);
    const f = await run(['generate', '--out', out, '--format', 'xml']);
    assert.equal(f.code, EXIT_USAGE);
    assert.match(f.out, /format must be one of csv, parquet/);
    assert.ok(!existsSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
