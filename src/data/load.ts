/**
 * Reads a prepared dataset directory back into memory: the manifest and
 * each split as typed arrays (`SplitArrays`), the form the model and the
 * importance scorers take. User, item and category indices are shared by
 * all splits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.ts';
import {
  ident,
  lit,
  withScratchEngine,
  readColumns,
  type Engine,
} from './duck.ts';
import { CAT_PREFIX, EVAL_PREFIX, NUM_PREFIX } from './output.ts';
import { taskColumn } from './samples.ts';
import {
  PREPARED_FORMAT_VERSION,
  SPLITS,
  type PreparedManifest,
  type SplitArrays,
  type SplitName,
} from './types.ts';

export interface PreparedData {
  dir: string;
  manifest: PreparedManifest;
  splits: Record<SplitName, SplitArrays>;
}

/** Reads and checks `manifest.json` of a prepared dataset. */
export function readManifest(dir: string): PreparedManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new DataError(
      'not a prepared dataset (no manifest.json); make one with ' +
        '`winnow prepare`',
      { file: dir },
    );
  }
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PreparedManifest;
  if (manifest.format !== 'winnow-prepared') {
    throw new DataError('manifest.json is not a Winnow prepared dataset', {
      file: path,
    });
  }
  if (manifest.version > PREPARED_FORMAT_VERSION) {
    throw new DataError(
      `format version ${manifest.version} is newer than this Winnow ` +
        `reads (${PREPARED_FORMAT_VERSION}); upgrade Winnow`,
      { file: path },
    );
  }
  return manifest;
}

/** Loads every split of the prepared dataset in `dir`. */
export async function loadPrepared(
  dir: string,
  only: SplitName[] = [...SPLITS],
): Promise<PreparedData> {
  const manifest = readManifest(dir);
  return withScratchEngine(async (engine) => {
    const keys = {
      user: new Map<string, number>(),
      item: new Map<string, number>(),
      category: new Map<string, number>(),
    };
    const splits = {} as Record<SplitName, SplitArrays>;
    for (const name of SPLITS) {
      if (!only.includes(name)) continue;
      const file = join(dir, `${name}.parquet`);
      splits[name] = await loadSplit(engine, manifest, file, keys);
    }
    const list = (m: Map<string, number>) => [...m.keys()];
    for (const s of Object.values(splits)) {
      s.userKeys = list(keys.user);
      s.itemKeys = list(keys.item);
    }
    return { dir, manifest, splits };
  });
}

async function loadSplit(
  engine: Engine,
  manifest: PreparedManifest,
  file: string,
  keys: Record<'user' | 'item' | 'category', Map<string, number>>,
): Promise<SplitArrays> {
  if (!existsSync(file)) {
    throw new DataError('split file missing; prepare the dataset again', {
      file,
    });
  }
  const cats = manifest.features.filter((f) => f.kind === 'categorical');
  const nums = manifest.features.filter((f) => f.kind === 'numeric');
  const kinds: Record<string, 'i32' | 'f32' | 'f64' | 'u8' | 'str'> = {
    sample_id: 'i32',
    user: 'str',
    item: 'str',
    category: 'str',
    ts: 'f64',
    sampled: 'u8',
    weight: 'f32',
  };
  for (const t of manifest.tasks) kinds[taskColumn(t.name)] = 'f32';
  for (const f of cats) kinds[CAT_PREFIX + f.name] = 'i32';
  for (const f of nums) kinds[NUM_PREFIX + f.name] = 'f32';
  for (const e of manifest.evalColumns) kinds[EVAL_PREFIX + e] = 'f32';
  const select = `SELECT * FROM read_parquet(${lit(file)}) ORDER BY sample_id`;
  const cols = await readColumns(engine.conn, select, kinds);
  const rows = (cols.sample_id as Int32Array).length;
  const interleave = (
    names: string[],
    Type: typeof Float32Array | typeof Int32Array,
  ) => {
    const out = new Type(rows * names.length);
    names.forEach((n, f) => {
      const col = cols[n] as Float32Array | Int32Array;
      for (let r = 0; r < rows; r++) out[r * names.length + f] = col[r];
    });
    return out;
  };
  const index = (values: string[], map: Map<string, number>) =>
    Int32Array.from(values, (v) => {
      if (v === '') return -1;
      let i = map.get(v);
      if (i === undefined) map.set(v, (i = map.size));
      return i;
    });
  return {
    rows,
    sampleId: cols.sample_id as Int32Array,
    cat: interleave(
      cats.map((f) => CAT_PREFIX + f.name),
      Int32Array,
    ) as Int32Array,
    nCat: cats.length,
    dense: interleave(
      nums.map((f) => NUM_PREFIX + f.name),
      Float32Array,
    ) as Float32Array,
    nDense: nums.length,
    labels: interleave(
      manifest.tasks.map((t) => taskColumn(t.name)),
      Float32Array,
    ) as Float32Array,
    nTasks: manifest.tasks.length,
    weights: cols.weight as Float32Array,
    user: index(cols.user as string[], keys.user),
    item: index(cols.item as string[], keys.item),
    userKeys: [],
    itemKeys: [],
    category: index(cols.category as string[], keys.category),
    time: cols.ts as Float64Array,
    sampled: cols.sampled as Uint8Array,
    evalColumns: Object.fromEntries(
      manifest.evalColumns.map((e) => [
        e,
        cols[EVAL_PREFIX + e] as Float32Array,
      ]),
    ),
  };
}

export { ident };
