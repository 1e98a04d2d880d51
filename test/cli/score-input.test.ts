/**
 * `winnow score` reads the final model's probabilities and gradient norms
 * from what training recorded, and falls back to a pass over the rows
 * where the record is missing or incomplete.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { modelInput } from '../../src/cli/score-input.ts';
import { loadGradNorms, loadModel, saveGradNorms } from '../../src/model/io.ts';
import { tinyWorld } from '../apps/fixture.ts';

/** uint16 storage of the recorded probabilities (see dynamics.ts). */
const UINT16_TOL = 1 / 65535;

after(async () => (await tinyWorld()).cleanup());

test('score takes probabilities and norms from the training record, without a pass', async () => {
  const w = await tinyWorld();
  assert.ok(existsSync(join(w.modelDir, 'gradnorms.json')));
  const steps: string[] = [];
  const input = modelInput(w.data, w.modelDir, ['loss', 'grand'], (s) =>
    steps.push(s),
  );
  assert.deepEqual(steps, []);
  const { model } = loadModel(w.modelDir);
  const train = w.data.splits.train;
  const fresh = model.inspect(train);
  const got = input.final!;
  assert.equal(got.probs.length, fresh.probs.length);
  for (let i = 0; i < fresh.probs.length; i++) {
    assert.ok(Math.abs(got.probs[i] - fresh.probs[i]) <= UINT16_TOL, `${i}`);
  }
  const rec = loadGradNorms(w.modelDir)!;
  assert.deepEqual(got.gradNorm, rec.data);
});

test('rows missing from the record are inspected; without a record, all are', async () => {
  const w = await tinyWorld();
  const dir = join(w.root, 'model-gap');
  cpSync(w.modelDir, dir, { recursive: true });
  const rec = loadGradNorms(dir)!;
  const T = rec.tasks.length;
  rec.data.fill(NaN, 3 * T, 4 * T);
  saveGradNorms(dir, rec);
  const steps: string[] = [];
  const input = modelInput(w.data, dir, ['grand'], (s) => steps.push(s));
  assert.deepEqual(steps, ['inspecting 1 row trained at weight 0']);
  const { model } = loadModel(dir);
  const fresh = model.inspect(w.data.splits.train).gradNorm;
  for (let t = 0; t < T; t++) {
    const i = 3 * T + t;
    assert.ok(
      Math.abs(input.final!.gradNorm[i] - fresh[i]) <= 1e-6 * (1 + fresh[i]),
    );
  }
  assert.equal(input.final!.gradNorm[4 * T], rec.data[4 * T]);

  rmSync(join(dir, 'gradnorms.json'));
  const again: string[] = [];
  const whole = modelInput(w.data, dir, ['grand'], (s) => again.push(s));
  assert.deepEqual(again, ['inspecting the training split']);
  assert.deepEqual(whole.final!.gradNorm, fresh);
});

test('a record made on another dataset is not used, even with as many rows', async () => {
  const w = await tinyWorld();
  const other = {
    ...w.data,
    manifest: { ...w.data.manifest, name: `${w.data.manifest.name}-other` },
  };
  const steps: string[] = [];
  modelInput(other, w.modelDir, ['grand'], (s) => steps.push(s));
  assert.deepEqual(steps, ['inspecting the training split']);
});
