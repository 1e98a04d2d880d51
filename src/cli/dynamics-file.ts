/** Reads an external dynamics table (CSV or Parquet) for `winnow score`. */
import { existsSync } from 'node:fs';
import type { PreparedData } from '../data/load.ts';
import { lit, withScratchEngine, readColumns } from '../data/duck.ts';
import { DataError } from '../errors.ts';
import { parseExternalDynamics } from '../importance/external-dynamics.ts';
import type { DynamicsTensor } from '../importance/types.ts';

export async function readExternalDynamics(
  file: string,
  tasks: readonly string[],
  data: PreparedData,
): Promise<DynamicsTensor> {
  if (!existsSync(file)) {
    throw new DataError('dynamics file not found', { file });
  }
  const reader = file.endsWith('.parquet')
    ? `read_parquet(${lit(file)})`
    : `read_csv(${lit(file)}, header=true)`;
  return withScratchEngine(async (engine) => {
    let cols;
    try {
      cols = await readColumns(
        engine.conn,
        `SELECT sample_id, epoch, CAST(task AS VARCHAR) AS task, prob FROM ${reader}`,
        { sample_id: 'i32', epoch: 'i32', task: 'str', prob: 'f64' },
      );
    } catch (error) {
      throw new DataError(
        `cannot read it as a dynamics table (columns sample_id, epoch, ` +
          `task, prob): ${(error as Error).message.split('\n')[0]}`,
        { file },
      );
    }
    const parsed = parseExternalDynamics(
      {
        sampleId: cols.sample_id as Int32Array,
        epoch: cols.epoch as Int32Array,
        task: cols.task as string[],
        prob: cols.prob as Float64Array,
      },
      { tasks, sampleIds: data.splits.train.sampleId, file },
    );
    return parsed.dynamics;
  });
}
