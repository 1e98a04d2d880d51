/**
 * A tiny world for the application and server tests: a few hundred users,
 * generated, prepared and trained with a tiny model (hidden 16, embedding
 * 4, one epoch) in a temporary folder, once per test process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../../src/cli/train.ts';
import { runTraining } from '../../src/cli/train-run.ts';
import { loadPrepared, type PreparedData } from '../../src/data/load.ts';
import { prepare } from '../../src/data/prepare.ts';
import { presetConfig } from '../../src/data/presets.ts';
import { generateWorld } from '../../src/generate/index.ts';

export interface TinyWorld {
  root: string;
  dataDir: string;
  modelDir: string;
  data: PreparedData;
  cleanup(): void;
}

let made: Promise<TinyWorld> | null = null;

/** The tiny world of this process (made on first call). */
export function tinyWorld(): Promise<TinyWorld> {
  made ??= make();
  return made;
}

async function make(): Promise<TinyWorld> {
  const root = mkdtempSync(join(tmpdir(), 'winnow-apps-'));
  const world = join(root, 'world');
  const dataDir = join(root, 'prep');
  const modelDir = join(root, 'model');
  await generateWorld({ out: world, users: 200, items: 80, events: 20_000 });
  await prepare(presetConfig('generated', world), dataDir);
  const data = await loadPrepared(dataDir);
  const req = parseFlags({
    out: modelDir,
    arch: 'shared-bottom',
    epochs: '1',
    hidden: '16',
    tower: '8',
    embDim: '4',
    batch: '256',
  });
  await runTraining(req, data);
  return {
    root,
    dataDir,
    modelDir,
    data,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
