import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { WinnowModel } from '../../src/model/model.ts';
import { exportOnnx } from '../../src/model/onnx/export.ts';
import {
  createOnnxPredictor,
  ONNX_CHUNK,
} from '../../src/model/onnx/predictor.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

/** ONNX Runtime's float32 kernels against Winnow's own forward pass. */
const ONNX_TOL = 1e-5;

for (const arch of ['shared-bottom', 'esmm', 'mmoe', 'ple'] as const) {
  test(`exportOnnx() of ${arch} gives probabilities within 1e-5 of predict()`, async () => {
    const config = tinyConfig(arch, { hidden: [16, 8], tower: [8], embDim: 4 });
    const model = new WinnowModel(config);
    const data = syntheticSplit(50, 4);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    const feeds = {
      cat: new ort.Tensor('int32', data.cat, [50, 3]),
      dense: new ort.Tensor('float32', data.dense, [50, 2]),
    };
    const out = await session.run(feeds);
    const got = out.probs.data as Float32Array;
    const want = model.predict(data);
    assert.equal(got.length, want.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]));
    }
    assert.ok(worst <= ONNX_TOL, `max abs diff ${worst}`);
  });
}

test('createOnnxPredictor() matches predict() over several chunks', async () => {
  const model = new WinnowModel(tinyConfig('esmm'));
  const data = syntheticSplit(ONNX_CHUNK + 77, 9);
  const predictor = await createOnnxPredictor(model);
  const got = await predictor.predict(data);
  await predictor.release();
  const want = model.predict(data);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
  }
  assert.ok(worst <= ONNX_TOL, `max abs diff ${worst}`);
});
