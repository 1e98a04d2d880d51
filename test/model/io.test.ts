import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadLatestCheckpoint,
  saveCheckpoint,
} from '../../src/model/checkpoint.ts';
import { loadDynamics, loadModel, saveModel } from '../../src/model/io.ts';
import { WinnowModel } from '../../src/model/model.ts';
import { train } from '../../src/model/trainer.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'winnow-model-'));
}

test('loadModel() of a saved model predicts exactly what the original did', () => {
  const dir = tempDir();
  try {
    const model = new WinnowModel(tinyConfig('ple'));
    const data = syntheticSplit(30, 1);
    saveModel(dir, model, { metrics: { test: {} } });
    const { model: back, file } = loadModel(dir);
    assert.equal(file.format, 'winnow-model');
    assert.deepEqual(back.predict(data), model.predict(data));
    assert.ok(readFileSync(join(dir, 'metrics.json'), 'utf8').includes('test'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadModel() of a directory without model.json names the fix', () => {
  assert.throws(() => loadModel('/nonexistent-winnow'), /winnow train/);
});

test('a run resumed from its last checkpoint file matches an uninterrupted run', async () => {
  const dir = tempDir();
  try {
    const data = {
      train: syntheticSplit(400, 2),
      valid: syntheticSplit(100, 3),
    };
    const config = tinyConfig('esmm');
    const opts = {
      epochs: 3,
      batchSize: 50,
      patience: 0,
      optimizer: { sparse: 'adagrad' as const },
    };
    const fp = JSON.stringify({ config, opts });
    const full = await train(data, config, opts, {
      onEpoch: (r, snap) => {
        if (r.epoch <= 2) saveCheckpoint(dir, snap(), fp);
      },
    });
    const state = loadLatestCheckpoint(dir, fp);
    assert.equal(state!.epoch, 2);
    assert.throws(
      () => loadLatestCheckpoint(dir, 'other'),
      /different options/,
    );
    const resumed = await train(data, config, opts, {}, state!);
    assert.deepEqual(
      resumed.model.predict(data.valid),
      full.model.predict(data.valid),
    );
    saveModel(dir, resumed.model, { dynamics: resumed.dynamics });
    assert.deepEqual(loadDynamics(dir)!.data, full.dynamics.data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
