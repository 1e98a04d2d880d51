import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadApp } from '../../src/apps/context.ts';
import { createPredictor, parseEngine } from '../../src/apps/predictor.ts';
import { buildRows } from '../../src/apps/rows.ts';
import { UsageError } from '../../src/errors.ts';
import type { MultiTaskModel } from '../../src/model/api.ts';
import { tinyWorld } from './fixture.ts';

/** ONNX Runtime's float32 kernels against the built-in pass. */
const ONNX_TOLERANCE = 1e-5;

const world = await tinyWorld();
after(() => world.cleanup());
const app = await loadApp(world.modelDir, world.dataDir);
const users = Object.keys(app.store.users);
const items = Object.keys(app.store.items);

test('createPredictor() with ONNX Runtime matches model.predict() within 1e-5', async () => {
  const p = await createPredictor(app.model, { engine: 'onnx' });
  try {
    assert.equal(p.kind, 'onnx');
    const batch = buildRows(app.plan, app.store, users[1], items, 'red');
    const want = app.model.predict(batch);
    const got = await p.predict(batch);
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(got[i] - want[i]) < ONNX_TOLERANCE, `at ${i}`);
    }
  } finally {
    await p.release();
    await p.release(); // idempotent
  }
});

test('createPredictor() auto falls back to the built-in pass it cannot export', async () => {
  // Not a WinnowModel: nothing to export, so ONNX Runtime is not used.
  const stub: MultiTaskModel = {
    tasks: ['click'],
    architecture: 'shared-bottom',
    predict: (b) => new Float32Array(b.rows).fill(0.25),
    inspect: () => {
      throw new Error('unused');
    },
  };
  const p = await createPredictor(stub);
  assert.equal(p.kind, 'js');
  assert.match(p.fallback ?? '', /export/);
  const out = await p.predict({
    rows: 2,
    cat: new Int32Array(0),
    dense: new Float32Array(0),
  });
  assert.deepEqual([...out], [0.25, 0.25]);
  await assert.rejects(createPredictor(stub, { engine: 'onnx' }), UsageError);
});

test('parseEngine() names the accepted engines', () => {
  assert.equal(parseEngine('js'), 'js');
  assert.throws(() => parseEngine('gpu'), /auto, onnx, js/);
});
