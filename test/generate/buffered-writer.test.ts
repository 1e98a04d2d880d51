import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedWriter } from '../../src/generate/buffered-writer.ts';

test('BufferedWriter writes every piece in order across many chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-bw-'));
  try {
    const w = new BufferedWriter(join(dir, 'x.txt'));
    const expected: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const line = `${i},${'x'.repeat(i % 17)}\n`;
      expected.push(line);
      w.write(line);
      await w.maybeFlush();
    }
    await w.close();
    assert.equal(readFileSync(join(dir, 'x.txt'), 'utf8'), expected.join(''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('BufferedWriter.close() rejects when the file cannot be written', async () => {
  const w = new BufferedWriter(join(tmpdir(), 'no-such-dir-winnow', 'x'));
  w.write('a');
  await assert.rejects(w.close());
});
