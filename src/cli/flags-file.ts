/**
 * Known-bad flags for the training samples of a prepared dataset, and
 * score columns aligned with them, read with DuckDB.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFromColumns,
  lit,
  withScratchEngine,
  readColumns,
  rows,
} from '../data/duck.ts';
import { DataError, UsageError } from '../errors.ts';

export interface KnownFlags {
  sampleId: Int32Array;
  /** 1 = known bad, 0 = known good. */
  flags: Uint8Array;
  source: string;
}

/** Truth kinds that make a sample's labels wrong (the rest are cleaned). */
const SAMPLE_KINDS = ['accidental_click', 'flipped_label'];

/**
 * Flags of the observed training samples. With a truth file: a sample is
 * bad when its (session, item) is an accidental click or a flipped label,
 * or its user is a bot. With a flag column: bad where it equals
 * `noisyValue`; rows without a flag (sampled negatives) are left out.
 */
export async function readFlags(
  dataDir: string,
  source: { truth?: string; flag?: string; noisyValue: number },
): Promise<KnownFlags> {
  const train = join(dataDir, 'train.parquet');
  if (!existsSync(train)) {
    throw new DataError('no train.parquet; is this a prepared dataset?', {
      file: dataDir,
    });
  }
  return withScratchEngine(async (engine) => {
    let sql: string;
    if (source.truth) {
      if (!existsSync(source.truth)) {
        throw new DataError('truth file not found', { file: source.truth });
      }
      const truth = `read_csv(${lit(source.truth)}, header=true, all_varchar=true)`;
      const kinds = SAMPLE_KINDS.map(lit).join(', ');
      sql =
        `SELECT s.sample_id, (EXISTS (SELECT 1 FROM ${truth} t WHERE ` +
        `t.kind IN (${kinds}) AND t.session_id = s.session AND ` +
        `t.item_id = s.item) OR s."user" IN (SELECT user_id FROM ${truth} ` +
        `WHERE kind = 'bot_user'))::UTINYINT AS flag ` +
        `FROM read_parquet(${lit(train)}) s WHERE s.sampled = 0 ORDER BY s.sample_id`;
    } else {
      const col = `e_${source.flag}`;
      const names = (
        await rows<{ column_name: string }>(
          engine.conn,
          `DESCRIBE SELECT * FROM read_parquet(${lit(train)})`,
        )
      ).map((r) => r.column_name);
      if (!names.includes(col)) {
        throw new UsageError(
          `--flag ${source.flag}: the dataset has no such evaluation column ` +
            `(it has ${
              names
                .filter((n) => n.startsWith('e_'))
                .map((n) => n.slice(2))
                .join(', ') || 'none'
            })`,
        );
      }
      sql =
        `SELECT sample_id, (${col} = ${source.noisyValue})::UTINYINT AS flag ` +
        `FROM read_parquet(${lit(train)}) WHERE ${col} IS NOT NULL AND NOT isnan(${col}) ` +
        'ORDER BY sample_id';
    }
    const cols = await readColumns(engine.conn, sql, {
      sample_id: 'i32',
      flag: 'u8',
    });
    return {
      sampleId: cols.sample_id as Int32Array,
      flags: cols.flag as Uint8Array,
      source: source.truth
        ? `truth file ${source.truth}`
        : `flag ${source.flag} = ${source.noisyValue}`,
    };
  });
}

/** The requested columns of a scores table for the given sample ids. */
export async function readScoreColumns(
  file: string,
  sampleId: Int32Array,
  wanted: string[],
): Promise<Record<string, Float32Array>> {
  if (!existsSync(file)) throw new DataError('scores file not found', { file });
  const reader = file.endsWith('.parquet')
    ? `read_parquet(${lit(file)})`
    : `read_csv(${lit(file)}, header=true)`;
  return withScratchEngine(async (engine) => {
    const names = (
      await rows<{ column_name: string }>(
        engine.conn,
        `DESCRIBE SELECT * FROM ${reader}`,
      )
    ).map((r) => r.column_name);
    const present = wanted.filter((w) => names.includes(w));
    await createFromColumns(engine.conn, 'wanted_ids', {
      sample_id: sampleId,
    });
    const select = present.map((c) => `s."${c}"`).join(', ');
    const cols = await readColumns(
      engine.conn,
      `SELECT i.sample_id, ${select} FROM wanted_ids i LEFT JOIN ${reader} s ` +
        'ON s.sample_id = i.sample_id ORDER BY i.sample_id',
      Object.fromEntries([
        ['sample_id', 'i32'],
        ...present.map((c) => [c, 'f32']),
      ]),
    );
    return Object.fromEntries(present.map((c) => [c, cols[c] as Float32Array]));
  });
}
