import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateLines, DigestBuilder } from '../../src/data/line-digest.ts';

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
