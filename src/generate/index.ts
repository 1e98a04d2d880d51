/**
 * `generateWorld()`: a seeded e-commerce world written as raw tables, with
 * the planted bad samples listed in a truth file. The events table streams,
 * so its size is bounded only by disk.
 *
 * @example
 * const summary = await generateWorld({ out: 'world', events: 100_000 });
 * // world/events.csv, items.csv, users.csv, truth.csv, truth.json, world.json
 */
import { Rng } from '../util/rng.ts';
import { calibrate, type NoiseParams } from './noise.ts';
import { resolveOptions, type GenerateOptions } from './options.ts';
import { buildWorld } from './world.ts';
import {
  checkOutput,
  writeWorldFiles,
  type WrittenWorld,
} from './write-world.ts';

export { DEFAULTS } from './options.ts';
export type { GenerateOptions, OutputFormat } from './options.ts';
export type { WrittenCounts } from './event-writer.ts';
export { TRUTH_KINDS, type EventType, type TruthKind } from './sink.ts';

/** Version of the generated world's layout, written to world.json. */
export const WORLD_VERSION = 1;

/** Reports progress: `done` of `total` units of the step `label`. */
export type Progress = (done: number, total: number, label?: string) => void;

/** What was written, for printing and for tests. */
export interface WorldSummary extends WrittenWorld {
  /** The final output directory. */
  out: string;
  seed: number;
  users: number;
  items: number;
  /** Per-event noise probabilities found by calibration. */
  noise: NoiseParams;
}

/** Generates a world into `options.out`; see GenerateOptions. */
export async function generateWorld(
  options: GenerateOptions,
  onProgress?: Progress,
): Promise<WorldSummary> {
  const o = resolveOptions(options);
  checkOutput(o);
  const root = new Rng(o.seed);
  onProgress?.(0, 1, 'world');
  const world = buildWorld(root.fork(1), o.users, o.items);
  const calibration = calibrate(world, root.fork(2), o.noiseRate);
  onProgress?.(1, 1, 'world');
  const written = await writeWorldFiles({
    options: o,
    world,
    calibration,
    rng: root.fork(3),
    version: WORLD_VERSION,
    onProgress,
  });
  return {
    out: o.out,
    seed: o.seed,
    users: o.users,
    items: o.items,
    noise: calibration.noise,
    ...written,
  };
}
