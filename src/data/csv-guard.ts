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
import type { Hash } from 'node:crypto';
import { once } from 'node:events';
import { DigestBuilder, type LineDigest } from './line-digest.ts';

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
  /** With the `checksum` option: the file's digest in hex. */
  checksum?: string;
}

const MAX_EXAMPLES = 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const FLUSH_BYTES = 1 << 20;

export type GuardOptions = {
  delimiter: string;
  hasHeader: boolean;
  expectedFields?: number;
  /** 'latin-1' input is transcoded to UTF-8 instead of rejected. */
  encoding?: 'utf-8' | 'latin-1';
  /** Records a hash per kept line (see `LineDigest`). */
  digest?: boolean;
  /** A hash fed the file's bytes; its hex digest goes to the result. */
  checksum?: Hash;
  /** Size of the chunks the file is read in (the stream's default if unset). */
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
  const out = createWriteStream(output);
  const w = new LineWriter(options);
  const { checksum } = options;
  const stream = createReadStream(input, { highWaterMark: options.chunkBytes });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    checksum?.update(chunk);
    w.scan(chunk);
    if (w.pos >= FLUSH_BYTES && !out.write(w.take())) await once(out, 'drain');
  }
  w.finish();
  if (checksum) w.result.checksum = checksum.digest('hex');
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
  private readonly latin1: boolean;
  private expected: number;
  private lineNo = 0;
  private inQuote = false;
  private fields = 1;
  /** Where the current line's prefix and body start in `buf`. */
  private lineStart = 0;
  private bodyStart = 0;
  /** False once the line has bytes outside a chunk known to be UTF-8. */
  private knownUtf8 = true;
  private readonly digest: DigestBuilder | null;

  constructor(private readonly options: GuardOptions) {
    this.delim = options.delimiter.charCodeAt(0);
    this.latin1 = options.encoding === 'latin-1';
    this.expected = options.expectedFields ?? -1;
    this.digest = options.digest ? new DigestBuilder(this.delim) : null;
    this.startLine();
  }

  /** Hands over the finished lines, keeping the current partial one. */
  take(): Buffer {
    const done = Buffer.from(this.buf.subarray(0, this.lineStart));
    const rest = this.buf.subarray(this.lineStart, this.pos);
    this.buf.copy(this.buf, 0, this.lineStart, this.pos);
    this.pos = rest.length;
    this.bodyStart -= this.lineStart;
    this.lineStart = 0;
    return done;
  }

  scan(chunk: Buffer): void {
    const utf8 = this.latin1 || isUtf8(chunk);
    if (!utf8) this.knownUtf8 = false;
    this.reserve(chunk.length);
    const { delim } = this;
    let { buf } = this;
    let { pos, inQuote, fields } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === QUOTE) inQuote = !inQuote;
      else if (c === delim && !inQuote) fields++;
      else if (c === LF && !inQuote) {
        this.pos = pos;
        this.fields = fields;
        this.inQuote = inQuote;
        this.endLine(true);
        this.knownUtf8 = utf8;
        this.reserve(chunk.length - i);
        buf = this.buf;
        pos = this.pos;
        fields = 1;
        continue;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
    this.fields = fields;
    this.inQuote = inQuote;
  }

  finish(): void {
    if (this.pos > this.bodyStart) {
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
  }

  private startLine(): void {
    this.lineStart = this.pos;
    const isHeader = this.lineNo === 0 && this.options.hasHeader;
    const prefix = isHeader ? '__line' : String(this.lineNo + 1);
    this.pos += this.buf.write(prefix, this.pos, 'latin1');
    this.pos += this.buf.write(this.options.delimiter, this.pos);
    this.bodyStart = this.pos;
  }

  private endLine(complete: boolean): void {
    this.lineNo++;
    const { buf, result } = this;
    if (this.pos > this.bodyStart && buf[this.pos - 1] === CR) {
      this.pos--;
      result.crlf++;
    }
    if (this.verdict(complete)) {
      if (this.latin1) this.transcode();
      const header = this.lineNo === 1 && this.options.hasHeader;
      if (this.digest && !header) {
        this.digest.add(this.lineNo, this.buf, this.bodyStart, this.pos);
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
    const body = this.buf.subarray(this.bodyStart, this.pos);
    if (this.lineNo === 1 && this.options.hasHeader) {
      result.header = splitHeader(
        body.toString('utf8'),
        this.options.delimiter,
      );
      this.expected = result.header.length;
      return true;
    }
    if (body.length === 0) return false;
    result.lines++;
    if (!complete) return this.reject('truncated last line', preview(body));
    if (this.inQuote) return this.reject('unclosed quote', preview(body));
    if (!this.latin1 && !this.knownUtf8 && !isUtf8(body)) {
      return this.reject('not UTF-8', preview(body));
    }
    if (this.expected < 0) this.expected = this.fields;
    if (this.fields !== this.expected) {
      return this.reject(
        'bad field count',
        `expected ${this.expected} fields, found ${this.fields}: ` +
          preview(body),
      );
    }
    result.kept++;
    return true;
  }

  private reject(reason: RejectReason, detail: string): false {
    const { result } = this;
    result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
    if (result.examples.length < MAX_EXAMPLES) {
      result.examples.push({ line: this.lineNo, reason, detail });
    }
    return false;
  }

  private transcode(): void {
    const text = Buffer.from(
      this.buf.toString('latin1', this.bodyStart, this.pos),
    );
    this.pos = this.bodyStart;
    this.reserve(text.length);
    this.pos += text.copy(this.buf, this.pos);
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
