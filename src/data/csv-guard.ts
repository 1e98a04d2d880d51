/**
 * A streaming pre-pass over delimited text that separates well-formed rows
 * from malformed ones before DuckDB reads the file.
 *
 * Written by hand because DuckDB's CSV reader offers two modes that both lose
 * information here: its strict mode aborts a whole file on a mix of CRLF and
 * LF line ends, and its lenient mode silently drops surplus fields. This pass
 * keeps every decision visible: each rejected line is counted by reason with
 * its line number, and the clean rows go to a temporary file that DuckDB then
 * reads strictly (where unparsable values are caught by its own reject table).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import {
  DigestBuilder,
  FNV_OFFSET,
  FNV_PRIME,
  type LineDigest,
} from './line-digest.ts';

export type RejectReason =
  'bad field count' | 'not UTF-8' | 'truncated last line' | 'unclosed quote';

export interface RejectedLine {
  line: number;
  reason: RejectReason;
  detail: string;
}

export interface GuardResult {
  /** Data lines read (the header excluded). */
  lines: number;
  /** Lines written to the clean file. */
  kept: number;
  /** Lines whose CRLF end was normalised to LF. */
  crlf: number;
  /** Count per reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejected lines, for messages. */
  examples: RejectedLine[];
  /** Field names from the header line, or generated names. */
  header: string[];
  /** With the `digest` option: a hash of every kept line's values. */
  digest?: LineDigest;
}

const MAX_EXAMPLES = 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const DIGIT_0 = 0x30;
const FLUSH_BYTES = 1 << 20;
/** Free bytes kept between the output and a staged chunk. */
const STAGE_GAP = 1 << 16;
/** Read size: larger than the stream default, which costs time per chunk. */
const CHUNK_BYTES = 1 << 20;

export type GuardOptions = {
  delimiter: string;
  hasHeader: boolean;
  expectedFields?: number;
  /** 'latin-1' input is transcoded to UTF-8 instead of rejected. */
  encoding?: 'utf-8' | 'latin-1';
  /** Records a hash per kept line (see `LineDigest`). */
  digest?: boolean;
  /** Size of the chunks the file is read in (1 MiB if unset). */
  chunkBytes?: number;
};

/**
 * Copies the well-formed lines of `input` to `output`. The first line is the
 * header when `hasHeader`; otherwise `expectedFields` must be given. Quoted
 * fields may hold delimiters and line breaks.
 */
export async function guardDelimited(
  input: string,
  output: string,
  options: GuardOptions,
): Promise<GuardResult> {
  // Room for a few flushes, so that scanning goes on while they are written.
  const out = createWriteStream(output, { highWaterMark: 4 * FLUSH_BYTES });
  const w = new LineWriter(options);
  const stream = createReadStream(input, {
    highWaterMark: options.chunkBytes ?? CHUNK_BYTES,
  });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    w.scan(chunk);
    if (w.pos >= FLUSH_BYTES && !out.write(w.take())) await once(out, 'drain');
  }
  w.finish();
  out.write(w.take());
  out.end();
  await once(out, 'close');
  return w.result;
}

/**
 * The guard's state. Every line is copied to the output buffer as it is
 * scanned, prefixed with its line number in the original file (so later
 * checks can name the line); a rejected line is taken back. Exported for
 * tests, which feed it chunks split anywhere.
 *
 * Most lines hold no quote: for those one read-only loop finds the line end,
 * counts the delimiters and takes the digest hash, and the body is moved as
 * a block. A line with a quote goes again through a byte loop that tracks
 * quotes.
 */
export class LineWriter {
  readonly result: GuardResult = {
    lines: 0,
    kept: 0,
    crlf: 0,
    rejected: {},
    examples: [],
    header: [],
  };
  buf = Buffer.allocUnsafe(2 * FLUSH_BYTES);
  pos = 0;
  private readonly delim: number;
  private readonly delimBytes: Buffer;
  private readonly latin1: boolean;
  /** False for delimiters that the quote-free loop cannot count. */
  private readonly plain: boolean;
  private expected: number;
  private lineNo = 0;
  /** The next line's number in ASCII: `digits[digitsFrom..]`. */
  private readonly digits = new Uint8Array(20).fill(DIGIT_0);
  private digitsFrom = this.digits.length - 1;
  private inQuote = false;
  private fields = 1;
  /** Where the current line's prefix and body start in `buf`. */
  private lineStart = 0;
  private bodyStart = 0;
  /** False once the line has bytes outside a chunk known to be UTF-8. */
  private knownUtf8 = true;
  private readonly digest: DigestBuilder | null;
  /** True when the scan loop hashes lines itself (UTF-8 input). */
  private readonly fuseHash: boolean;
  /** Whether `lineHash` holds the current line's digest hash. */
  private hashed = false;
  /** Where the current chunk's copy starts in `buf`, or -1. */
  private stage = -1;
  private lineHash = 0;

  constructor(private readonly options: GuardOptions) {
    this.delim = options.delimiter.charCodeAt(0);
    this.delimBytes = Buffer.from(options.delimiter);
    this.latin1 = options.encoding === 'latin-1';
    this.plain = this.delim !== QUOTE && this.delim !== LF && this.delim !== CR;
    this.expected = options.expectedFields ?? -1;
    this.digest = options.digest ? new DigestBuilder(this.delim) : null;
    this.fuseHash = this.digest !== null && !this.latin1;
    this.digits[this.digitsFrom] = DIGIT_0 + 1;
    this.startLine();
  }

  /** Hands over the finished lines, keeping the current partial one. */
  take(): Buffer {
    const done = Buffer.from(this.buf.subarray(0, this.lineStart));
    const rest = this.pos - this.lineStart;
    this.buf.copy(this.buf, 0, this.lineStart, this.pos);
    this.pos = rest;
    this.bodyStart -= this.lineStart;
    this.lineStart = 0;
    return done;
  }

  scan(chunk: Buffer): void {
    const utf8 = this.latin1 || isUtf8(chunk);
    if (!utf8) this.knownUtf8 = false;
    const src = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    const n = src.length;
    this.stageChunk(src);
    const { plain } = this;
    let i = 0;
    while (i < n) {
      this.hashed = false;
      let end = -1;
      if (!this.inQuote && plain) {
        end = this.fuseHash ? this.hashPlain(src, i) : this.countPlain(src, i);
      }
      // Within quotes, or a quote ahead: track them byte by byte.
      if (end < 0) end = this.quoted(src, i);
      this.copy(src, i, end);
      if (end === n) break;
      this.endLine(true);
      this.knownUtf8 = utf8;
      i = end + 1;
    }
    this.stage = -1;
  }

  /**
   * Puts a copy of the chunk at the end of `buf`, well past the output, so
   * that lines can be moved from it with `copyWithin` (which, unlike a copy
   * between two arrays, allocates nothing per line).
   */
  private stageChunk(src: Uint8Array): void {
    this.stage = -1;
    if (this.latin1 || src.length < 256) return;
    const room = this.pos + 2 * src.length + STAGE_GAP;
    if (room > this.buf.length) this.reserve(room - this.pos);
    this.stage = this.buf.length - src.length;
    this.buf.set(src, this.stage);
  }

  /**
   * Appends `src[from, to)` to the output buffer: from the staged copy while
   * the output with the next line prefix stays short of the staged bytes not
   * yet read, from `src` otherwise (which ends the staging).
   */
  private copy(src: Uint8Array, from: number, to: number): void {
    const len = to - from;
    const { stage } = this;
    if (stage >= 0 && this.pos + len + 64 <= stage + to + 1) {
      this.buf.copyWithin(this.pos, stage + from, stage + to);
    } else {
      this.stage = -1;
      if (this.pos + len + 64 > this.buf.length) this.reserve(len);
      this.buf.set(src.subarray(from, to), this.pos);
    }
    this.pos += len;
  }

  /**
   * Counts the fields of the line from `i` up to its line feed (or the end
   * of the chunk), whose index it returns; -1 if it meets a quote.
   */
  private countPlain(src: Uint8Array, i: number): number {
    const { delim } = this;
    const n = src.length;
    let { fields } = this;
    let k = i;
    for (; k < n; k++) {
      const c = src[k];
      if (c === delim) fields++;
      else if (c === LF) break;
      else if (c === QUOTE) return -1;
    }
    this.fields = fields;
    return k;
  }

  /**
   * As `countPlain`, and takes the line's digest hash in the same pass when
   * the whole line lies in this chunk. All bytes the hash treats specially
   * are at most QUOTE, so most bytes cost two comparisons.
   */
  private hashPlain(src: Uint8Array, i: number): number {
    const { delim } = this;
    const n = src.length;
    let { fields } = this;
    let h = FNV_OFFSET | 0;
    let beforeCr = h;
    let k = i;
    for (; k < n; k++) {
      const c = src[k];
      if (c === delim) fields++;
      else if (c <= QUOTE) {
        if (c === LF) break;
        if (c === SPACE || c === TAB) continue;
        if (c === QUOTE) return -1;
        if (c === CR) beforeCr = h;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    // The CR of a CRLF end is not part of the line.
    if (k > i && src[k - 1] === CR) h = beforeCr;
    this.fields = fields;
    this.lineHash = h;
    this.hashed = k < n && this.pos === this.bodyStart;
    return k;
  }

  /**
   * Tracks quotes byte by byte from `i` up to the first line feed outside
   * quotes; returns its index, or the chunk's length if there is none.
   */
  private quoted(src: Uint8Array, i: number): number {
    const { delim } = this;
    let { inQuote, fields } = this;
    const n = src.length;
    let k = i;
    for (; k < n; k++) {
      const c = src[k];
      if (c === QUOTE) inQuote = !inQuote;
      else if (c === delim && !inQuote) fields++;
      else if (c === LF && !inQuote) break;
    }
    this.inQuote = inQuote;
    this.fields = fields;
    return k;
  }

  finish(): void {
    if (this.pos > this.bodyStart) {
      this.hashed = false;
      this.endLine(!this.inQuote && this.fields === this.expected);
    } else {
      this.pos = this.lineStart;
    }
    const { options, result } = this;
    if (this.digest) result.digest = this.digest.done();
    if (!options.hasHeader && this.expected > 0) {
      result.header = Array.from(
        { length: this.expected },
        (_, i) => `column${i}`,
      );
    }
  }

  /** Makes room for `n` more bytes plus a line prefix. */
  private reserve(n: number): void {
    const need = this.pos + n + 64;
    if (need <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    this.stage = -1;
  }

  private startLine(): void {
    const { buf, digits, delimBytes } = this;
    let { pos } = this;
    this.lineStart = pos;
    if (this.lineNo === 0 && this.options.hasHeader) {
      pos += buf.write('__line', pos, 'latin1');
    } else {
      for (let k = this.digitsFrom; k < digits.length; k++)
        buf[pos++] = digits[k];
    }
    for (let k = 0; k < delimBytes.length; k++) buf[pos++] = delimBytes[k];
    this.pos = pos;
    this.bodyStart = pos;
    this.fields = 1;
  }

  private endLine(complete: boolean): void {
    this.lineNo++;
    // The next line's number: add one to the decimal digits.
    const { digits } = this;
    let d = digits.length - 1;
    while (digits[d] === DIGIT_0 + 9) digits[d--] = DIGIT_0;
    digits[d]++;
    if (d < this.digitsFrom) this.digitsFrom = d;
    const { result } = this;
    if (this.pos > this.bodyStart && this.buf[this.pos - 1] === CR) {
      this.pos--;
      result.crlf++;
    }
    if (this.verdict(complete)) {
      if (this.latin1) this.transcode();
      const header = this.lineNo === 1 && this.options.hasHeader;
      if (this.digest && !header) {
        if (this.hashed) this.digest.addHash(this.lineNo, this.lineHash);
        else this.digest.add(this.lineNo, this.buf, this.bodyStart, this.pos);
      }
      this.buf[this.pos++] = LF;
    } else {
      this.pos = this.lineStart;
    }
    this.startLine();
  }

  /** True to keep the line; records why not otherwise. */
  private verdict(complete: boolean): boolean {
    const { result } = this;
    if (this.lineNo === 1 && this.options.hasHeader) {
      result.header = splitHeader(
        this.buf.toString('utf8', this.bodyStart, this.pos),
        this.options.delimiter,
      );
      this.expected = result.header.length;
      return true;
    }
    if (this.pos === this.bodyStart) return false;
    result.lines++;
    if (!complete) return this.reject('truncated last line');
    if (this.inQuote) return this.reject('unclosed quote');
    if (
      !this.latin1 &&
      !this.knownUtf8 &&
      !isUtf8(this.buf.subarray(this.bodyStart, this.pos))
    ) {
      return this.reject('not UTF-8');
    }
    if (this.expected < 0) this.expected = this.fields;
    if (this.fields !== this.expected) {
      return this.reject(
        'bad field count',
        `expected ${this.expected} fields, found ${this.fields}: `,
      );
    }
    result.kept++;
    return true;
  }

  private reject(reason: RejectReason, lead = ''): false {
    const { result } = this;
    result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
    if (result.examples.length < MAX_EXAMPLES) {
      const body = this.buf.subarray(this.bodyStart, this.pos);
      const detail = lead + preview(body);
      result.examples.push({ line: this.lineNo, reason, detail });
    }
    return false;
  }

  /** Rewrites the latin-1 body in place as UTF-8 (two bytes above 0x7f). */
  private transcode(): void {
    const { bodyStart } = this;
    let high = 0;
    for (let k = bodyStart; k < this.pos; k++) if (this.buf[k] > 0x7f) high++;
    if (high === 0) return;
    this.reserve(high);
    const { buf } = this;
    let to = this.pos + high;
    for (let k = this.pos - 1; k >= bodyStart; k--) {
      const c = buf[k];
      if (c > 0x7f) {
        buf[--to] = 0x80 | (c & 0x3f);
        buf[--to] = 0xc0 | (c >> 6);
      } else {
        buf[--to] = c;
      }
    }
    this.pos += high;
  }
}

function splitHeader(line: string, delimiter: string): string[] {
  return line
    .split(delimiter)
    .map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

function preview(line: Buffer): string {
  const text = line.toString('utf8');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
