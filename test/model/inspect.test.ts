import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocTerms, taskTerms } from '../../src/model/loss.ts';
import { WinnowModel } from '../../src/model/model.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

/** float32 outputs of a float64 model compared with float64 references. */
const F32_TOL = 1e-5;

/** ||∇ of task t's loss on one row|| over the inspected layers, naively. */
function explicitNorm(
  model: WinnowModel,
  cat: Int32Array,
  dense: Float32Array,
  labels: Float32Array,
  t: number,
): number {
  const net = model.network;
  const T = model.tasks.length;
  const z = net.forward(cat, dense, 1);
  const terms = allocTerms(T);
  taskTerms(z, labels, 1, T, model.esmm, terms);
  const d = new Float64Array(T);
  d[t] = terms.dSelf[t];
  d[0] += terms.dClick[t];
  net.backward(d, 1, { paramGrads: true, inputGrad: true });
  let s = 0;
  for (const l of net.inspectedLayers()) {
    for (const p of l.params()) for (const g of p.grad) s += g * g;
  }
  return Math.sqrt(s);
}

for (const arch of ['shared-bottom', 'esmm', 'mmoe', 'ple'] as const) {
  test(`inspect() gradNorm of ${arch} equals explicit per-sample backward passes`, () => {
    const model = new WinnowModel(tinyConfig(arch), 'float64');
    const data = syntheticSplit(7, 21);
    const ins = model.inspect(data);
    const T = 3;
    const F = data.nCat;
    for (let r = 0; r < data.rows; r++) {
      for (let t = 0; t < T; t++) {
        const want = explicitNorm(
          model,
          data.cat.subarray(r * F, (r + 1) * F),
          data.dense.subarray(r * 2, (r + 1) * 2),
          data.labels.subarray(r * T, (r + 1) * T),
          t,
        );
        const got = ins.gradNorm[r * T + t];
        assert.ok(Math.abs(got - want) <= F32_TOL * (1 + want), `${r},${t}`);
        assert.ok(want > 0);
      }
    }
    const probs = model.predict(data);
    assert.deepEqual(ins.probs, probs);
  });
}

test('inspect() returns tower inputs and shared outputs of the right shapes', () => {
  const model = new WinnowModel(tinyConfig('mmoe'));
  const data = syntheticSplit(5, 2);
  const ins = model.inspect(data);
  assert.equal(ins.sharedDim, 5);
  assert.equal(ins.towerInputDim, 4);
  assert.equal(ins.shared.length, 5 * 5);
  assert.equal(ins.towerInputs.length, 5 * 3 * 4);
  const towers = model.network.towerInputs();
  assert.deepEqual(
    Array.from(ins.towerInputs.subarray(4 * 12 + 8, 4 * 12 + 12)),
    Array.from(towers[2].subarray(16, 20)),
  );
});

test('inspect() leaves out the parts not asked for and keeps the others equal', () => {
  const model = new WinnowModel(tinyConfig('esmm'));
  const data = syntheticSplit(9, 3);
  const all = model.inspect(data);
  const lean = model.inspect(data, { shared: false, towerInputs: false });
  assert.deepEqual(lean.probs, all.probs);
  assert.deepEqual(lean.gradNorm, all.gradNorm);
  assert.equal(lean.shared.length, 0);
  assert.equal(lean.towerInputs.length, 0);
  const forward = model.inspect(data, { gradNorm: false });
  assert.equal(forward.gradNorm.length, 0);
  assert.deepEqual(forward.towerInputs, all.towerInputs);
  assert.deepEqual(forward.shared, all.shared);
});
