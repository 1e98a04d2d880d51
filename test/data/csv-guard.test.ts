import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  guardDelimited,
  LineWriter,
  type GuardOptions,
  type GuardResult,
  type RejectReason,
} from '../../src/data/csv-guard.ts';
import { Rng } from '../../src/util/rng.ts';
import { withTemp } from './fixtures.ts';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * What the guard must produce for `input`, worked out over the whole file at
 * once: records end at a line feed preceded by an even number of quotes in
 * the record, fields are separated by delimiters preceded by an even number.
 */
function reference(input: Buffer, o: GuardOptions) {
  const ends: number[] = [];
  let quotes = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === QUOTE) quotes++;
    if (input[i] === LF && quotes % 2 === 0) {
      ends.push(i);
      quotes = 0;
    }
  }
  const ended = ends.length;
  if (
    ends.length === 0 ? input.length > 0 : ends[ended - 1] < input.length - 1
  ) {
    ends.push(input.length);
  }
  const result: GuardResult = {
    lines: 0,
    kept: 0,
    crlf: 0,
    rejected: {},
    examples: [],
    header: [],
  };
  const out: string[] = [];
  const hashes: number[] = [];
  const lines: number[] = [];
  let expected = o.expectedFields ?? -1;
  for (let k = 0; k < ends.length; k++) {
    const line = k + 1;
    let body = input.subarray(k === 0 ? 0 : ends[k - 1] + 1, ends[k]);
    if (body.length > 0 && body[body.length - 1] === CR) {
      body = body.subarray(0, body.length - 1);
      result.crlf++;
    }
    const isHeader = k === 0 && o.hasHeader;
    if (isHeader) {
      result.header = body
        .toString('utf8')
        .split(o.delimiter)
        .map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
      expected = result.header.length;
    } else {
      if (body.length === 0) continue;
      result.lines++;
      const fault = judge(body, k < ended, expected, o);
      if (typeof fault === 'number') {
        expected = fault;
        result.kept++;
      } else {
        const [reason, detail] = fault;
        result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
        if (result.examples.length < 20) {
          result.examples.push({ line, reason, detail });
        }
        continue;
      }
    }
    const kept =
      o.encoding === 'latin-1'
        ? Buffer.from(body.toString('latin1'), 'utf8')
        : body;
    out.push(
      Buffer.from(`${isHeader ? '__line' : line}${o.delimiter}`).toString(
        'latin1',
      ),
      kept.toString('latin1'),
      '\n',
    );
    if (!isHeader) {
      hashes.push(fnv1a(kept, o.delimiter));
      lines.push(line);
    }
  }
  if (o.digest) {
    result.digest = {
      hashes: Uint32Array.from(hashes),
      lines: Uint32Array.from(lines),
      offset: 0,
    };
  }
  if (!o.hasHeader && expected > 0) {
    result.header = Array.from({ length: expected }, (_, i) => `column${i}`);
  }
  return { out: Buffer.from(out.join(''), 'latin1'), result };
}

function previewOf(body: Buffer): string {
  const text = body.toString('utf8');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why a data line (its body without the line end) is rejected, or the
 * field count it sets when kept.
 */
function judge(
  body: Buffer,
  ended: boolean,
  expected: number,
  o: GuardOptions,
): number | [RejectReason, string] {
  const delim = o.delimiter.charCodeAt(0);
  let q = 0;
  let fields = 1;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === QUOTE) q++;
    else if (body[i] === delim && q % 2 === 0) fields++;
  }
  if (!ended && (q % 2 === 1 || fields !== expected)) {
    return ['truncated last line', previewOf(body)];
  }
  if (q % 2 === 1) return ['unclosed quote', previewOf(body)];
  if (o.encoding !== 'latin-1') {
    try {
      strictUtf8.decode(body);
    } catch {
      return ['not UTF-8', previewOf(body)];
    }
  }
  if (expected >= 0 && fields !== expected) {
    return [
      'bad field count',
      `expected ${expected} fields, found ${fields}: ${previewOf(body)}`,
    ];
  }
  return fields;
}

/** 32-bit FNV-1a of the bytes that are not quotes or (non-delimiter) blanks. */
function fnv1a(bytes: Buffer, delimiter: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) continue;
    if ((c === 0x20 || c === 0x09) && delimiter.charCodeAt(0) !== c) continue;
    // h * 0x01000193 mod 2^32 in exact doubles: h * 0x193 + (h mod 2^8) * 2^24.
    const x = (h ^ c) >>> 0;
    h = (x * 0x193 + (x % 0x100) * 0x1000000) % 0x100000000;
  }
  return h;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

const WORD = 'abcxyz019';

/** One field's bytes, mostly plain, sometimes quoted, spaced or not UTF-8. */
function randomField(rng: Rng, delimiter: string): Buffer {
  const word = () =>
    Array.from({ length: rng.int(7) }, () => pick(rng, [...WORD])).join('');
  switch (rng.int(12)) {
    case 0:
      return Buffer.from(
        `"${word()}${delimiter}${pick(rng, ['', '""', '\n', '\r\n', delimiter])}${word()}"`,
      );
    case 1:
      return Buffer.from(` ${word()}\t`);
    case 2:
      return Buffer.from(pick(rng, ['é', '日本', '😀', 'ü ß']));
    case 3:
      return Buffer.from(
        pick(rng, [[0xff], [0xc3], [0xe9, 0x61], [0xe6, 0x97]]),
      );
    case 4:
      return rng.int(8) === 0 ? Buffer.from('"') : Buffer.from(`"${word()}"`);
    case 5:
      return Buffer.from(`${word()}\r${word()}`);
    default:
      return Buffer.from(word());
  }
}

/** A random small file and the options to guard it with. */
function randomCase(rng: Rng): { input: Buffer; options: GuardOptions } {
  const delimiter = pick(rng, [',', ';', '\t', ' ', '|']);
  const hasHeader = rng.next() < 0.7;
  const width = 1 + rng.int(5);
  const options: GuardOptions = {
    delimiter,
    hasHeader,
    expectedFields: hasHeader
      ? undefined
      : pick(rng, [undefined, width, width + 1]),
    encoding: pick(rng, [undefined, 'utf-8', 'latin-1'] as const),
    digest: rng.next() < 0.8,
  };
  const parts: Buffer[] = [];
  if (rng.int(5) === 0) {
    // Byte soup from the characters that matter.
    const soup = [
      'a',
      '1',
      delimiter,
      delimiter,
      '"',
      '\r',
      '\n',
      '\n',
      ' ',
      '\t',
    ].map((s) => Buffer.from(s));
    soup.push(Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xa9]));
    for (let n = rng.int(300); n > 0; n--) parts.push(pick(rng, soup));
    return { input: Buffer.concat(parts), options };
  }
  const lineCount = rng.int(40);
  for (let l = 0; l < lineCount; l++) {
    if (rng.int(15) === 0) {
      parts.push(Buffer.from(pick(rng, ['\n', '\r\n', ' \n'])));
      continue;
    }
    const n = rng.int(4) === 0 ? Math.max(1, width + rng.int(3) - 1) : width;
    for (let f = 0; f < n; f++) {
      if (f > 0) parts.push(Buffer.from(delimiter));
      parts.push(randomField(rng, delimiter));
    }
    const last = l === lineCount - 1 && rng.int(3) === 0;
    if (!last)
      parts.push(Buffer.from(pick(rng, ['\n', '\n', '\r\n', '\r\r\n'])));
  }
  return { input: Buffer.concat(parts), options };
}

/** Feeds `input` to a LineWriter in random pieces, taking output at random. */
function feed(input: Buffer, options: GuardOptions, rng: Rng) {
  const w = new LineWriter(options);
  const out: Buffer[] = [];
  const single = rng.int(4) === 0;
  for (let at = 0; at < input.length;) {
    const size = single ? input.length : 1 + rng.int(pick(rng, [4, 64, 1500]));
    w.scan(input.subarray(at, at + size));
    at += size;
    if (rng.int(3) === 0) out.push(w.take());
  }
  w.finish();
  out.push(w.take());
  return { out: Buffer.concat(out), result: w.result };
}

function assertSame(
  got: { out: Buffer; result: GuardResult },
  want: { out: Buffer; result: GuardResult },
  what: string,
) {
  assert.equal(
    got.out.toString('latin1'),
    want.out.toString('latin1'),
    `output of ${what}`,
  );
  assert.deepEqual(got.result, want.result, `result of ${what}`);
}

test('LineWriter matches the whole-file reference on random inputs split anywhere', () => {
  const rng = new Rng(20240611);
  for (let c = 0; c < 2000; c++) {
    const { input, options } = randomCase(rng);
    const want = reference(input, options);
    const what = `case ${c}: ${JSON.stringify(options)} ${JSON.stringify(input.toString('latin1'))}`;
    for (let split = 0; split < 3; split++) {
      assertSame(feed(input, options, rng), want, what);
    }
  }
});

test('the reference rejects what the guard must reject', () => {
  // Guards the reference itself against agreeing with a broken guard.
  const o: GuardOptions = { delimiter: ',', hasHeader: true, digest: true };
  const input = Buffer.concat([
    Buffer.from('a,b\n1,2\r\n"x\n,y",3\n1\n\n'),
    Buffer.from([0x31, 0x2c, 0xff, 0x0a]),
    Buffer.from('1,"2\n'),
  ]);
  const { out, result } = reference(input, o);
  assert.equal(out.toString('latin1'), '__line,a,b\n2,1,2\n3,"x\n,y",3\n');
  assert.equal(result.lines, 5);
  assert.equal(result.kept, 2);
  assert.equal(result.crlf, 1);
  assert.deepEqual(
    result.examples.map((e) => [e.line, e.reason]),
    [
      [4, 'bad field count'],
      [6, 'not UTF-8'],
      [7, 'truncated last line'],
    ],
  );
  assert.deepEqual([...result.digest!.lines], [2, 3]);
  // The published 32-bit FNV-1a of "a" and "foobar".
  assert.equal(fnv1a(Buffer.from('a'), ','), 0xe40c292c);
  assert.equal(fnv1a(Buffer.from(' "foo"\tbar'), ','), 0xbf9cf968);
  assert.equal(
    fnv1a(Buffer.from('a b'), ' '),
    fnv1a(Buffer.from('"a" b'), ' '),
  );
  assert.equal(result.digest!.hashes[0], fnv1a(Buffer.from('"1",2 '), ','));
});

test('guardDelimited() matches the reference through the file, in any chunk size', async () => {
  await withTemp(async (dir) => {
    const rng = new Rng(7);
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    for (let c = 0; c < 150; c++) {
      const { input: bytes, options } = randomCase(rng);
      writeFileSync(input, bytes);
      const chunkBytes = pick(rng, [1, 2, 3, 7, 64, undefined]);
      const got = await guardDelimited(input, output, {
        ...options,
        chunkBytes,
      });
      const want = reference(bytes, options);
      assertSame(
        { out: readFileSync(output), result: got },
        want,
        `case ${c} in chunks of ${chunkBytes}`,
      );
    }
  });
});

test('guardDelimited() on lines much shorter than their line numbers', async () => {
  await withTemp(async (dir) => {
    const rng = new Rng(11);
    const lines = ['h'];
    for (let l = 0; l < 700_000; l++) {
      lines.push(rng.int(10) === 0 ? pick(rng, ['', 'x,y', 'x\r']) : 'x');
    }
    const bytes = Buffer.from(lines.join('\n'));
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, bytes);
    const options: GuardOptions = { delimiter: ',', hasHeader: true };
    const want = reference(bytes, options);
    assert.ok(want.out.length > 3 * bytes.length, 'output outgrows the input');
    for (const chunkBytes of [undefined, 4096, 4 << 20]) {
      const got = await guardDelimited(input, output, {
        ...options,
        chunkBytes,
      });
      assertSame(
        { out: readFileSync(output), result: got },
        want,
        `short lines in chunks of ${chunkBytes}`,
      );
    }
  });
});

test('guardDelimited() on a long file: line numbers of every width, flushes, long lines', async () => {
  await withTemp(async (dir) => {
    const rng = new Rng(3);
    const parts: string[] = ['id;name;"note"\n'];
    for (let l = 2; l <= 1_100_000; l++) {
      const r = rng.int(1000);
      if (l % 400_000 === 0) {
        // Longer than the writer's first buffer.
        parts.push(`${l};"${'x;\n'.repeat(1_000_000)}";\r\n`);
      } else if (r === 0) {
        parts.push(`${l};"${'x;\n'.repeat(rng.int(400))}";\r\n`);
      } else if (r === 1) parts.push(`${l};bad\n`);
      else if (r === 2) parts.push('\n');
      else parts.push(`${l};${WORD[l % 9]}; é\n`);
    }
    parts.push('x;y');
    const bytes = Buffer.from(parts.join(''));
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, bytes);
    const options: GuardOptions = {
      delimiter: ';',
      hasHeader: true,
      digest: true,
    };
    const want = reference(bytes, options);
    assert.ok(want.out.length > 4 << 20, 'output spans several flushes');
    for (const chunkBytes of [undefined, 1000, 3 << 20]) {
      const got = await guardDelimited(input, output, {
        ...options,
        chunkBytes,
      });
      assertSame(
        { out: readFileSync(output), result: got },
        want,
        `long file in chunks of ${chunkBytes}`,
      );
    }
  });
});
