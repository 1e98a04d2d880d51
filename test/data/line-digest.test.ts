import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateLines, DigestBuilder } from '../../src/data/line-digest.ts';
import { Rng } from '../../src/util/rng.ts';

const COMMA = 0x2c;

function digestOf(lines: string[], delimiter = COMMA) {
  const b = new DigestBuilder(delimiter);
  lines.forEach((l, i) => {
    const bytes = Buffer.from(l);
    b.add(i + 2, bytes, 0, bytes.length);
  });
  return b.done();
}

test('candidateLines() names every line that shares its values with another', () => {
  const d = digestOf(['u1,i1,5', 'u2,i1,5', 'u1,i1,5', 'u3,i3,7', 'u3,i3,7']);
  assert.deepEqual([...candidateLines([d])], [2, 4, 5, 6]);
});

test('candidateLines() of lines all different is empty', () => {
  const d = digestOf(['a,b', 'a,c', 'b,a', 'ab,']);
  assert.deepEqual([...candidateLines([d])], []);
});

test('DigestBuilder hashes quoted and spaced forms of equal values alike', () => {
  const d = digestOf(['"u1",i1, 5', 'u1,"i1",5', 'u1,i1,6']);
  assert.equal(d.hashes[0], d.hashes[1]);
  assert.notEqual(d.hashes[0], d.hashes[2]);
});

test('DigestBuilder keeps blanks that are the delimiter', () => {
  const d = digestOf(['u1 i12', 'u1i 12'], 0x20);
  assert.notEqual(d.hashes[0], d.hashes[1]);
});

test('candidateLines() compares across files, with their line offsets', () => {
  const a = digestOf(['u1,i1', 'u2,i2']);
  const b = { ...digestOf(['u9,i9', 'u2,i2']), offset: 100 };
  assert.deepEqual([...candidateLines([a, b])], [3, 103]);
});

test('DigestBuilder grows past its first capacity', () => {
  const lines = Array.from({ length: 70_000 }, (_, i) => `u${i % 69_999}`);
  const d = digestOf(lines);
  assert.equal(d.hashes.length, 70_000);
  assert.deepEqual([...candidateLines([d])], [2, 70_001]);
});

test('candidateLines() equals counting every hash, on random hashes of all 32 bits', () => {
  const rng = new Rng(12);
  const digest = (n: number, offset: number) => {
    const hashes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      // A few values drawn from a small pool repeat; the rest rarely do.
      const small = rng.next() < 0.05;
      hashes[i] = small ? 0xfffffff0 + rng.int(16) : rng.int(2 ** 32) >>> 0;
    }
    const lines = Uint32Array.from({ length: n }, (_, i) => 2 * i + 2);
    return { hashes, lines, offset };
  };
  const ds = [digest(30_000, 0), digest(20_000, 1_000_000)];
  const seen = new Map<number, number>();
  for (const d of ds)
    for (const h of d.hashes) seen.set(h, (seen.get(h) ?? 0) + 1);
  const want: number[] = [];
  for (const d of ds) {
    d.hashes.forEach((h, i) => {
      if (seen.get(h)! > 1) want.push(d.lines[i] + d.offset);
    });
  }
  assert.ok(want.length > 1000);
  assert.deepEqual([...candidateLines(ds)], want);
});
