import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { App } from '../../src/apps/context.ts';
import { ServingState } from '../../src/serve/state.ts';

/** An App whose only live part is a predictor that counts releases. */
function fakeApp(name: string) {
  const released: string[] = [];
  const app = {
    predictor: {
      kind: 'js',
      predict: async () => new Float32Array(0),
      release: async () => {
        released.push(name);
      },
    },
  } as unknown as App;
  return { app, released };
}

test('ServingState.reload() releases the old predictor after its last request', async () => {
  const a = fakeApp('a');
  const b = fakeApp('b');
  const state = new ServingState(a.app, async () => b.app, null);
  let finish!: () => void;
  const held = new Promise<void>((r) => (finish = r));
  const inflight = state.use(async (app) => {
    await held;
    return app;
  });
  await state.reload();
  assert.equal(state.current, b.app, 'new requests get the new App');
  assert.deepEqual(a.released, [], 'not released while a request runs');
  finish();
  assert.equal(await inflight, a.app, 'the request kept the old App');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(a.released, ['a']);
  assert.deepEqual(b.released, []);
  await state.close();
  assert.deepEqual(b.released, ['b']);
});

test('ServingState.reload() keeps the old App when loading fails', async () => {
  const a = fakeApp('a');
  const state = new ServingState(
    a.app,
    async () => {
      throw new Error('corrupt model');
    },
    null,
  );
  await assert.rejects(state.reload(), /corrupt model/);
  assert.equal(state.current, a.app);
  assert.deepEqual(a.released, []);
});
