/**
 * The model directory: what `winnow train` writes and scoring and serving
 * load.
 *
 *   model.json                 format, version, config, tasks, features,
 *                              parameter shapes and offsets, training summary
 *   weights.bin                float32 parameters, concatenated in order
 *   metrics.json               per-task metrics per split
 *   dynamics.bin + .json       per-epoch train predictions (see dynamics.ts)
 *   gradnorms.bin + .json      train gradient norms of the best epoch, as
 *                              its steps measured them (see dynamics.ts)
 *   checkpoints/epoch-N.bin    resumable training state after epoch N
 *
 * Every file is written to a temporary name and renamed when complete;
 * model.json is written last, so its presence means the model is whole.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Feature } from '../data/types.ts';
import { DataError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import type { Dynamics, GradNorms } from './dynamics.ts';
import { WinnowModel } from './model.ts';

export const MODEL_FORMAT = 'winnow-model';
export const MODEL_VERSION = 1;

export interface ParamEntry {
  name: string;
  shape: number[];
  /** Offset in float32 values into weights.bin. */
  offset: number;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  config: ModelConfig;
  tasks: string[];
  /** Feature specs (vocabularies, standardisation) from the prepared data. */
  features: Feature[];
  params: ParamEntry[];
  weights: { file: 'weights.bin'; dtype: 'float32'; values: number };
  /** Free-form facts about training: options, best epoch, data name. */
  training: Record<string, unknown>;
}

export interface SaveExtra {
  features?: Feature[];
  training?: Record<string, unknown>;
  metrics?: unknown;
  dynamics?: Dynamics;
  gradNorms?: GradNorms | null;
}

/** Writes `data` to `path` through a temporary file and a rename. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Saves a model (and optional metrics and dynamics) into `dir`. */
export function saveModel(
  dir: string,
  model: WinnowModel,
  extra: SaveExtra = {},
): ModelFile {
  mkdirSync(dir, { recursive: true });
  const params = model.network.params();
  let offset = 0;
  const entries = params.map((p) => {
    const e = { name: p.name, shape: p.shape, offset };
    offset += p.value.length;
    return e;
  });
  const weights = new Float32Array(offset);
  params.forEach((p, k) => weights.set(p.value, entries[k].offset));
  writeAtomic(join(dir, 'weights.bin'), new Uint8Array(weights.buffer));
  if (extra.metrics !== undefined) {
    writeAtomic(join(dir, 'metrics.json'), json(extra.metrics));
  }
  if (extra.dynamics) saveDynamics(dir, extra.dynamics);
  // A model saved over an older one must not inherit its norms.
  rmSync(join(dir, 'gradnorms.json'), { force: true });
  if (extra.gradNorms) saveGradNorms(dir, extra.gradNorms);
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: model.config,
    tasks: [...model.tasks],
    features: extra.features ?? [],
    params: entries,
    weights: { file: 'weights.bin', dtype: 'float32', values: offset },
    training: extra.training ?? {},
  };
  writeAtomic(join(dir, 'model.json'), json(file));
  return file;
}

/** Loads a model directory written by `saveModel`. */
export function loadModel(dir: string): {
  model: WinnowModel;
  file: ModelFile;
} {
  const path = join(dir, 'model.json');
  if (!existsSync(path)) {
    throw new DataError(
      'no model.json here; pass a directory written by `winnow train`',
      { file: dir },
    );
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
  if (file.format !== MODEL_FORMAT || file.version > MODEL_VERSION) {
    throw new DataError(
      `expected format "${MODEL_FORMAT}" version <= ${MODEL_VERSION}, got ` +
        `"${file.format}" version ${file.version}`,
      { file: path },
    );
  }
  const model = new WinnowModel(file.config);
  const wpath = join(dir, file.weights.file);
  const bytes = readFileSync(wpath);
  if (bytes.length !== file.weights.values * 4) {
    throw new DataError(
      `expected ${file.weights.values * 4} bytes, found ${bytes.length}; ` +
        'the model directory is incomplete, train it again',
      { file: wpath },
    );
  }
  const w = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const params = model.network.params();
  file.params.forEach((e, k) => {
    const p = params[k];
    if (p.name !== e.name || p.value.length !== sizeOf(e.shape)) {
      throw new DataError(
        `parameter ${k} is ${e.name} [${e.shape}] in the file but ` +
          `${p.name} [${p.shape}] in the model`,
        { file: path },
      );
    }
    p.value.set(w.subarray(e.offset, e.offset + p.value.length));
  });
  return { model, file };
}

/** Writes dynamics.bin and its header dynamics.json. */
export function saveDynamics(dir: string, d: Dynamics): void {
  const { data, ...header } = d;
  saveArray(dir, 'dynamics', header, data);
}

/** Reads the dynamics of a model directory, or null when it has none. */
export function loadDynamics(dir: string): Dynamics | null {
  const got = loadArray<Dynamics>(dir, 'dynamics');
  if (!got) return null;
  const { head: h, bytes, file } = got;
  const data =
    h.encoding === 'uint16' ? new Uint16Array(bytes) : new Float32Array(bytes);
  checkCount(data, h.epochs * h.rows * h.tasks.length, file);
  const { encoding, epochs, rows, tasks } = h;
  return { encoding, epochs, rows, tasks, data };
}

/** Writes gradnorms.bin (float32, rows x T) and its header. */
export function saveGradNorms(dir: string, g: GradNorms): void {
  const { data, ...header } = g;
  saveArray(dir, 'gradnorms', header, data);
}

/** Reads the recorded gradient norms of a model directory, or null. */
export function loadGradNorms(dir: string): GradNorms | null {
  const got = loadArray<GradNorms>(dir, 'gradnorms');
  if (!got) return null;
  const { head: h, bytes, file } = got;
  const data = new Float32Array(bytes);
  checkCount(data, h.rows * h.tasks.length, file);
  return { epoch: h.epoch, rows: h.rows, tasks: h.tasks, data };
}

/** Writes NAME.bin (the array's bytes) and its header NAME.json. */
function saveArray(
  dir: string,
  name: string,
  header: object,
  data: Uint16Array | Float32Array,
): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  writeAtomic(join(dir, `${name}.bin`), bytes);
  const head = { format: `winnow-${name}`, version: 1, ...header };
  writeAtomic(join(dir, `${name}.json`), json(head));
}

/**
 * NAME.json's header and a copy of NAME.bin's bytes (aligned for any
 * typed array), or null when the header is absent.
 */
function loadArray<H>(
  dir: string,
  name: string,
): { head: H; bytes: ArrayBuffer; file: string } | null {
  const path = join(dir, `${name}.json`);
  if (!existsSync(path)) return null;
  const head = JSON.parse(readFileSync(path, 'utf8')) as H;
  const file = join(dir, `${name}.bin`);
  const bytes = new Uint8Array(readFileSync(file)).buffer;
  return { head, bytes, file };
}

function checkCount(data: { length: number }, want: number, file: string) {
  if (data.length !== want) {
    throw new DataError(`expected ${want} values, found ${data.length}`, {
      file,
    });
  }
}

/** The epochs that have a checkpoint in `dir`, ascending. */
export function checkpointEpochs(dir: string): number[] {
  const cdir = join(dir, 'checkpoints');
  if (!existsSync(cdir)) return [];
  return readdirSync(cdir)
    .map((f) => /^epoch-(\d+)\.bin$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
