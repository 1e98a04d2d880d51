import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from '../../src/cli/train.ts';
import { runTraining } from '../../src/cli/train-run.ts';
import type { PreparedData } from '../../src/data/load.ts';
import type { PreparedManifest } from '../../src/data/types.ts';
import { loadModel } from '../../src/model/io.ts';
import { exportOnnx } from '../../src/model/onnx/export.ts';
import { syntheticSplit } from '../model/fixtures.ts';

function prepared(): PreparedData {
  const vocabs = [7, 5, 4];
  const manifest = {
    format: 'winnow-prepared',
    version: 1,
    name: 'synthetic',
    tasks: ['click', 'cart', 'purchase'].map((name) => ({
      name,
      positiveRate: {},
      from: name,
    })),
    features: [
      ...vocabs.map((vocab, i) => ({
        name: `c${i}`,
        kind: 'categorical',
        vocab,
        hashed: false,
        source: `c${i}`,
      })),
      { name: 'd0', kind: 'numeric', mean: 0, std: 1, source: 'd0' },
      { name: 'd1', kind: 'numeric', mean: 0, std: 1, source: 'd1' },
    ],
  } as unknown as PreparedManifest;
  return {
    dir: '/nowhere',
    manifest,
    splits: {
      train: syntheticSplit(600, 1),
      valid: syntheticSplit(200, 2),
      test: syntheticSplit(200, 3),
    },
  };
}

test('parseFlags() rejects an unknown architecture and lists the valid ones', () => {
  assert.throws(
    () => parseFlags({ out: 'x', arch: 'dcn' }),
    /shared-bottom, esmm, mmoe, ple/,
  );
  assert.throws(() => parseFlags({ out: 'x', epochs: '0' }), /--epochs/);
});

test('parseFlags() reads uncertainty weights and T-CE settings', () => {
  const r = parseFlags({
    out: 'x',
    taskWeights: 'uncertainty',
    truncate: '0.2,100',
  });
  assert.equal(r.taskWeights, 'uncertainty');
  assert.deepEqual(r.truncation, { maxRate: 0.2, steps: 100 });
});

test('runTraining() on two of three tasks writes a loadable model directory', async () => {
  const out = mkdtempSync(join(tmpdir(), 'winnow-train-'));
  try {
    const req = parseFlags({
      out,
      arch: 'esmm',
      tasks: 'click,purchase',
      epochs: '2',
      batch: '64',
      hidden: '8',
      tower: '4',
      embDim: '4',
    });
    const s = await runTraining(req, prepared());
    assert.deepEqual(Object.keys(s.metrics.test), ['click', 'purchase']);
    for (const f of [
      'model.json',
      'weights.bin',
      'metrics.json',
      'dynamics.bin',
    ]) {
      assert.ok(existsSync(join(out, f)), f);
    }
    assert.ok(existsSync(join(out, 'checkpoints', 'epoch-2.bin')));
    const { model, file } = loadModel(out);
    assert.deepEqual(file.tasks, ['click', 'purchase']);
    assert.equal(file.features.length, 5);
    assert.equal(model.predict(prepared().splits.test).length, 400);
    const again = await runTraining({ ...req, epochs: 3 }, prepared());
    assert.equal(again.resumedFrom, 2);
    assert.equal(again.history.length, 3);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('exportOnnx() of a model trained by runTraining() runs in onnxruntime', async () => {
  const out = mkdtempSync(join(tmpdir(), 'winnow-export-'));
  try {
    const req = parseFlags({
      out,
      arch: 'ple',
      levels: '2',
      epochs: '1',
      batch: '100',
      hidden: '8',
      tower: '4',
      embDim: '4',
      experts: '2',
    });
    await runTraining(req, prepared());
    const { model } = loadModel(out);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(exportOnnx(model));
    const test = prepared().splits.test;
    const res = await session.run({
      cat: new ort.Tensor('int32', test.cat, [test.rows, 3]),
      dense: new ort.Tensor('float32', test.dense, [test.rows, 2]),
    });
    const want = model.predict(test);
    const got = res.probs.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < want.length; i++)
      worst = Math.max(worst, Math.abs(got[i] - want[i]));
    assert.ok(worst <= 1e-5, `max abs diff ${worst}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
