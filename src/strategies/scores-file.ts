/**
 * Reads a scores table (`winnow score` output, Parquet or CSV) and aligns
 * its columns with the rows of a training split by `sample_id`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { lit, withScratchEngine, readColumns, rows } from '../data/duck.ts';
import { DataError } from '../errors.ts';

export interface AlignedScores {
  /** The requested score column per training row. */
  score: Float32Array;
  /** The `noise` column per training row (NaN when absent). */
  noise: Float32Array;
  /** SHA-256 of the file, for provenance. */
  sha256: string;
}

/**
 * Reads `column` (default `importance`) and `noise` of `file` for every
 * id of `sampleId`; throws a DataError when a column or a row is missing.
 */
export async function readScores(
  file: string,
  sampleId: Int32Array,
  column = 'importance',
): Promise<AlignedScores> {
  if (!existsSync(file)) {
    throw new DataError('scores file not found; make it with winnow score', {
      file,
    });
  }
  const reader = file.endsWith('.csv')
    ? `read_csv_auto(${lit(file)})`
    : `read_parquet(${lit(file)})`;
  return withScratchEngine(async (engine) => {
    const names = (
      await rows<{ column_name: string }>(
        engine.conn,
        `DESCRIBE SELECT * FROM ${reader}`,
      )
    ).map((r) => r.column_name);
    for (const need of ['sample_id', column]) {
      if (!names.includes(need)) {
        throw new DataError(
          `no column "${need}"; the file has ${names.join(', ')}`,
          { file, column: need },
        );
      }
    }
    const hasNoise = names.includes('noise');
    const cols = await readColumns(
      engine.conn,
      `SELECT sample_id, "${column.replaceAll('"', '""')}" AS s` +
        `${hasNoise ? ', noise' : ''} FROM ${reader}`,
      { sample_id: 'i32', s: 'f32', ...(hasNoise ? { noise: 'f32' } : {}) },
    );
    return {
      ...align(cols, sampleId, file, hasNoise),
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    };
  });
}

function align(
  cols: Record<string, unknown>,
  sampleId: Int32Array,
  file: string,
  hasNoise: boolean,
): { score: Float32Array; noise: Float32Array } {
  const ids = cols.sample_id as Int32Array;
  const s = cols.s as Float32Array;
  const nz = cols.noise as Float32Array | undefined;
  const at = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) at.set(ids[i], i);
  const score = new Float32Array(sampleId.length);
  const noise = new Float32Array(sampleId.length).fill(NaN);
  let missing = 0;
  sampleId.forEach((id, r) => {
    const i = at.get(id);
    if (i === undefined) {
      missing++;
      return;
    }
    score[r] = s[i];
    if (hasNoise && nz) noise[r] = nz[i];
  });
  if (missing) {
    throw new DataError(
      `${missing} of ${sampleId.length} training samples have no score; ` +
        'score this prepared dataset (winnow score) before selecting',
      { file },
    );
  }
  return { score, noise };
}
