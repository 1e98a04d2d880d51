/**
 * Reading input tables into DuckDB: CSV, TSV, Parquet, JSON lines, and zip
 * archives holding any of them. Every table gets a `__line` column with the
 * row's line (text files) or row number (others), so later checks can say
 * where a bad value is.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { unzipSync } from 'fflate';
import { DataError } from '../errors.ts';
import type { TableConfig } from './config.ts';
import { guardDelimited } from './csv-guard.ts';
import { ident, lit, scalar, type Engine } from './duck.ts';
import type { LineDigest } from './line-digest.ts';
import type { QualityLog } from './quality.ts';

export interface InputFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface LoadedTable {
  table: string;
  files: string[];
  columns: string[];
  rows: number;
  /**
   * Hashes of the rows' lines, when asked for and every part is delimited
   * text (see line-digest.ts).
   */
  digests?: LineDigest[];
  /** Columns read as DOUBLE (see LoadOptions.numeric); others are text. */
  numeric: string[];
}

export interface LoadOptions {
  /** Take line digests (delimited text only). */
  digest?: boolean;
  /**
   * Columns to read as numbers straight away, when the table is one
   * delimited file and every value of them parses; otherwise the whole
   * table is read as text.
   */
  numeric?: string[];
}

type Format = 'csv' | 'tsv' | 'parquet' | 'jsonl';

/**
 * Loads `spec` into the DuckDB table `table`. Text files pass through the
 * line guard first; its rejects are recorded in `quality`.
 */
export async function loadTable(
  engine: Engine,
  spec: TableConfig,
  table: string,
  workDir: string,
  quality: QualityLog,
  inputs: InputFile[],
  { digest = false, numeric = [] }: LoadOptions = {},
): Promise<LoadedTable> {
  const paths = Array.isArray(spec.path) ? spec.path : [spec.path];
  let typed: string[] = [];
  const parts: string[] = [];
  let columns: string[] = [];
  let digests: LineDigest[] | undefined = digest ? [] : undefined;
  for (const [i, path] of paths.entries()) {
    const part = `${table}__part${i}`;
    const format = spec.format ?? detectFormat(spec.member ?? path);
    const text = format === 'csv' || format === 'tsv';
    const { file, hashing } = await materialise(path, spec.member, workDir, {
      inputs,
      text,
    });
    const label = spec.member ? `${path}!${spec.member}` : path;
    let one: ReadPart;
    try {
      one = await loadOne(engine, spec, part, file, format, label, {
        quality,
        digest,
        numeric: paths.length === 1 ? numeric : [],
      });
    } finally {
      // Waited for even when the read fails: no hashing thread outlives it.
      await hashing?.catch(() => {});
    }
    await hashing;
    columns = one.columns;
    typed = one.numeric ?? [];
    digests = one.digest ? digests?.concat(one.digest) : undefined;
    parts.push(part);
  }
  const constants = Object.entries(spec.constants ?? {}).map(
    ([name, value]) => `${lit(value)} AS ${ident(name)}`,
  );
  const select = ['*', ...constants].join(', ');
  await engine.conn.run(`DROP TABLE IF EXISTS ${ident(table)}`);
  if (parts.length === 1 && constants.length === 0) {
    // One file as is: no copy.
    await engine.conn.run(
      `ALTER TABLE ${ident(parts[0])} RENAME TO ${ident(table)}`,
    );
  } else {
    await engine.conn.run(
      `CREATE TABLE ${ident(table)} AS ` +
        parts
          .map((p) => `SELECT ${select} FROM ${ident(p)}`)
          .join(' UNION ALL '),
    );
    for (const p of parts) await engine.conn.run(`DROP TABLE ${ident(p)}`);
  }
  columns = [...columns, ...Object.keys(spec.constants ?? {})];
  const rows = Number(
    await scalar(engine.conn, `SELECT count(*) FROM ${ident(table)}`),
  );
  quality.table(table, paths.map((p) => basename(p)).join(', '), rows);
  if (rows === 0) {
    throw new DataError(
      'the table has no usable rows; check the file and its format ' +
        '(header, delimiter) in the config',
      { file: paths.join(', ') },
    );
  }
  return { table, files: paths, columns, rows, digests, numeric: typed };
}

/**
 * Returns a plain file for `path`, extracting `member` from a zip, and
 * records the input. A plain text file's checksum is still being taken
 * (on another thread, while the line guard reads the file) when this
 * returns: `hashing` settles when it is recorded.
 */
async function materialise(
  path: string,
  member: string | undefined,
  workDir: string,
  { inputs, text }: { inputs: InputFile[]; text: boolean },
): Promise<{ file: string; hashing?: Promise<void> }> {
  if (!existsSync(path)) {
    throw new DataError(
      'file not found; check the path (relative paths are read from the ' +
        "config file's folder, or from --data with a preset)",
      { file: path },
    );
  }
  const zip = path.endsWith('.zip');
  let hashing: Promise<void> | undefined;
  if (!inputs.some((f) => f.path === path)) {
    const entry = { path: basename(path), bytes: statSync(path).size };
    const input = { ...entry, sha256: '' };
    inputs.push(input);
    hashing = sha256(path).then((hex) => void (input.sha256 = hex));
    // Its failure is reported where it is awaited, not as unhandled.
    hashing.catch(() => {});
    if (!text || zip) await hashing;
  }
  if (!zip) return { file: path, hashing };
  const archive = unzipSync(readFileSync(path), {
    filter: (entry) => !member || entry.name === member,
  });
  const names = Object.keys(archive);
  const chosen = member ?? names.find((n) => !n.endsWith('/'));
  if (!chosen || !archive[chosen]) {
    throw new DataError(
      `the archive has no member ${JSON.stringify(member)}; ` +
        'name one of its files in "member"',
      { file: path },
    );
  }
  const out = join(workDir, `${Date.now()}-${basename(chosen)}`);
  writeFileSync(out, archive[chosen]);
  return { file: out };
}

function detectFormat(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.tsv' || ext === '.txt' || ext === '.rating') return 'tsv';
  if (ext === '.negative') return 'tsv';
  return 'csv';
}

async function loadOne(
  engine: Engine,
  spec: TableConfig,
  table: string,
  file: string,
  format: Format,
  label: string,
  how: ReadHow,
): Promise<ReadPart> {
  if (format === 'parquet' || format === 'jsonl') {
    const reader =
      format === 'parquet'
        ? `read_parquet(${lit(file)})`
        : `read_json_auto(${lit(file)}, format='newline_delimited')`;
    await engine.conn.run(
      `CREATE TABLE ${ident(table)} AS SELECT ` +
        `row_number() OVER () AS __line, * FROM ${reader}`,
    );
    const names = await scalar<string[]>(
      engine.conn,
      `SELECT list(column_name) FROM (DESCRIBE ${ident(table)})`,
    );
    return { columns: names.filter((n) => n !== '__line') };
  }
  return loadDelimited(engine, spec, table, file, format, label, how);
}

async function loadDelimited(
  engine: Engine,
  spec: TableConfig,
  table: string,
  file: string,
  format: 'csv' | 'tsv',
  label: string,
  { quality, digest, numeric }: ReadHow,
): Promise<ReadPart> {
  const delimiter = spec.delimiter ?? (format === 'tsv' ? '\t' : ',');
  const clean = `${file}.${table}.clean`;
  const cleanPath = join(
    engine.workDir,
    `${basename(clean).replace(/[^\w.-]/g, '_')}`,
  );
  const guard = await guardDelimited(file, cleanPath, {
    delimiter,
    hasHeader: spec.header,
    expectedFields: spec.header ? undefined : spec.columns?.length,
    encoding: spec.encoding,
    digest,
  });
  for (const [reason, count] of Object.entries(guard.rejected)) {
    quality.add({
      table,
      reason,
      count,
      action: 'dropped',
      examples: guard.examples
        .filter((e) => e.reason === reason)
        .slice(0, 5)
        .map((e) => `${label} line ${e.line}: ${e.detail}`),
    });
  }
  quality.add({
    table,
    reason: 'CRLF line end',
    count: guard.crlf,
    action: 'normalised',
  });
  const names = spec.header ? guard.header : spec.columns;
  if (!names || names.length === 0) {
    throw new DataError(
      'the file has no header line; give "columns" in the config ' +
        'or set "header": true',
      { file: label },
    );
  }
  if (guard.kept === 0) {
    throw new DataError(
      `no readable rows (${guard.lines} lines read, all rejected: ` +
        `${JSON.stringify(guard.rejected)}); check the delimiter and encoding`,
      { file: label, line: guard.examples[0]?.line },
    );
  }
  const read = (typed: string[]) =>
    engine.conn.run(
      `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv(` +
        `${lit(cleanPath)}, header=${spec.header}, delim=${lit(delimiter)}, ` +
        `quote='"', escape='"', auto_detect=false, ` +
        `columns={${csvColumns(names, typed)}}, nullstr='')`,
    );
  const typed = numeric.filter((c) => names.includes(c));
  if (typed.length && (await read(typed).then(() => true, notNumbers))) {
    return { columns: names, digest: guard.digest, numeric: typed };
  }
  await read([]);
  return { columns: names, digest: guard.digest };
}

interface ReadHow {
  quality: QualityLog;
  digest: boolean;
  numeric: string[];
}

interface ReadPart {
  columns: string[];
  digest?: LineDigest;
  numeric?: string[];
}

/** read_csv's columns: the line, then `typed` as DOUBLE, others text. */
function csvColumns(names: string[], typed: string[]): string {
  return [`'__line': 'BIGINT'`]
    .concat(
      names.map(
        (n) => `${lit(n)}: '${typed.includes(n) ? 'DOUBLE' : 'VARCHAR'}'`,
      ),
    )
    .join(', ');
}

/** False for DuckDB's failure to read a value as a number; rethrows others. */
function notNumbers(error: unknown): false {
  const message = error instanceof Error ? error.message : String(error);
  if (/conversion|convert|cast/i.test(message)) return false;
  throw error;
}

/**
 * The file's SHA-256 in hex, taken on a worker thread: hashing a large
 * file costs about half a second per 650 MB, which then overlaps the line
 * guard's pass over the same file instead of adding to it.
 */
function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SHA256_SOURCE, { eval: true, workerData: path });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`hashing ${path} stopped (${code})`));
    });
  });
}

const SHA256_SOURCE = `
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (error) => { throw error; })
  .on('end', () => parentPort.postMessage(hash.digest('hex')));
`;
