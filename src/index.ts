/**
 * Winnow as a library: each stage of the pipeline with its public surface.
 * The CLI (`winnow`) is a thin layer over these.
 *
 * @example
 * import { prepare, presetConfig, loadPrepared, train, makeConfig }
 *   from 'winnow';
 */
export { DataError, InternalError, UsageError } from './errors.ts';
export { Rng } from './util/rng.ts';

export { generateWorld, type WorldSummary } from './generate/index.ts';

export { prepare, type PrepareResult } from './data/prepare.ts';
export {
  configSchema,
  readConfigFile,
  validateConfig,
  type PrepareConfig,
} from './data/config.ts';
export { presetConfig, presetNames } from './data/presets.ts';
export { loadPrepared, readManifest, type PreparedData } from './data/load.ts';
export type {
  Feature,
  PreparedManifest,
  SplitArrays,
  SplitName,
} from './data/types.ts';

export * as model from './model/index.ts';
export { train, makeConfig, WinnowModel } from './model/index.ts';
export type { MultiTaskModel, Inspection } from './model/api.ts';

export * as importance from './importance/index.ts';
export { scoreSamples } from './importance/index.ts';

export * as report from './report/index.ts';
