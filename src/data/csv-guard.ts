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
}

const MAX_EXAMPLES = 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const FLUSH_BYTES = 1 << 20;

/**
 * Copies the well-formed lines of `input` to `output`. The first line is the
 * header when `hasHeader`; otherwise `expectedFields` must be given. Quoted
 * fields may hold delimiters and line breaks.
 */
export async function guardDelimited(
  input: string,
  output: string,
  options: {
    delimiter: string;
    hasHeader: boolean;
    expectedFields?: number;
    /** 'latin-1' input is transcoded to UTF-8 instead of rejected. */
    encoding?: 'utf-8' | 'latin-1';
  },
): Promise<GuardResult> {
  const delim = options.delimiter.charCodeAt(0);
  const out = createWriteStream(output);
  const result: GuardResult = {
    lines: 0,
    kept: 0,
    crlf: 0,
    rejected: {},
    examples: [],
    header: [],
  };
  let expected = options.expectedFields ?? -1;
  let pending: Buffer[] = [];
  let lineNo = 0;
  let inQuote = false;
  let fields = 1;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const NL = Buffer.from('\n');

  const latin1 = options.encoding === 'latin-1';
  const delimBuf = Buffer.from(options.delimiter);
  // Every kept line is prefixed with its line number in the original file,
  // so that later checks can name the line.
  const emit = async (body: Buffer) => {
    const text = latin1 ? Buffer.from(body.toString('latin1')) : body;
    const isHeader = lineNo === 1 && options.hasHeader;
    const number = Buffer.from(isHeader ? '__line' : String(lineNo));
    batch.push(number, delimBuf, text, NL);
    batchBytes += number.length + text.length + 2;
    if (batchBytes < FLUSH_BYTES) return;
    const ok = out.write(Buffer.concat(batch));
    batch = [];
    batchBytes = 0;
    if (!ok) await once(out, 'drain');
  };

  const reject = (reason: RejectReason, detail: string) => {
    result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
    if (result.examples.length < MAX_EXAMPLES) {
      result.examples.push({ line: lineNo, reason, detail });
    }
  };

  const finishLine = async (line: Buffer, complete: boolean) => {
    lineNo++;
    let body = line;
    if (body.length && body[body.length - 1] === CR) {
      body = body.subarray(0, body.length - 1);
      result.crlf++;
    }
    const isHeader = lineNo === 1 && options.hasHeader;
    if (isHeader) {
      result.header = splitHeader(body.toString('utf8'), options.delimiter);
      expected = result.header.length;
      return emit(body);
    }
    if (body.length === 0) return;
    result.lines++;
    if (!complete) return reject('truncated last line', preview(body));
    if (inQuote) return reject('unclosed quote', preview(body));
    if (!latin1 && !isUtf8(body)) return reject('not UTF-8', preview(body));
    if (expected < 0) expected = fields;
    if (fields !== expected) {
      return reject(
        'bad field count',
        `expected ${expected} fields, found ${fields}: ${preview(body)}`,
      );
    }
    result.kept++;
    return emit(body);
  };

  for await (const chunk of createReadStream(input) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === QUOTE) inQuote = !inQuote;
      else if (c === delim && !inQuote) fields++;
      else if (c === LF && !inQuote) {
        pending.push(chunk.subarray(start, i));
        const line = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        await finishLine(line, true);
        pending = [];
        fields = 1;
        start = i + 1;
      }
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  const rest = Buffer.concat(pending);
  if (rest.length) await finishLine(rest, !inQuote && fields === expected);
  if (!options.hasHeader && expected > 0) {
    result.header = Array.from({ length: expected }, (_, i) => `column${i}`);
  }
  if (batch.length) out.write(Buffer.concat(batch));
  out.end();
  await once(out, 'close');
  return result;
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
