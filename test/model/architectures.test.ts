import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Architecture } from '../../src/model/api.ts';
import { Network } from '../../src/model/network.ts';
import { Objective } from '../../src/model/objective.ts';
import { Rng } from '../../src/util/rng.ts';
import { checkArray } from './gradcheck.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

const ROWS = 6;

function checkArchitecture(arch: Architecture, uncertainty = false): void {
  const net = new Network(tinyConfig(arch), 'float64');
  const data = syntheticSplit(ROWS, 11);
  const rng = new Rng(12);
  const weights = Float32Array.from({ length: ROWS }, () => 0.5 + rng.next());
  const esmm = arch === 'esmm';
  const obj = new Objective(3, esmm, { lambda: 0.7, uncertainty }, 'float64');
  if (obj.logVars) obj.logVars.value.set([0.3, -0.2, 0.1]);
  const dLogits = new Float64Array(ROWS * 3);
  const loss = () => {
    const z = net.forward(data.cat, data.dense, ROWS);
    return obj.evaluate(z, data.labels, weights, ROWS, 0, dLogits).total;
  };
  loss();
  net.backward(dLogits, ROWS, { paramGrads: true, inputGrad: true });
  const table = net.embedding.table;
  const sp = table.sparse!;
  const tableGrad = new Float64Array(table.value.length);
  for (let s = 0; s < sp.count; s++) {
    for (let j = 0; j < sp.width; j++) {
      tableGrad[sp.rows[s] * sp.width + j] = sp.grad[s * sp.width + j];
    }
  }
  const params = [...net.denseParams(), ...obj.params()];
  const grads = params.map((p) => Float64Array.from(p.grad));
  const err = checkArray('table', loss, table.value, (i) => tableGrad[i], 30);
  assert.equal(err, null);
  params.forEach((p, k) => {
    assert.equal(
      checkArray(p.name, loss, p.value, (i) => grads[k][i], 8),
      null,
    );
  });
}

for (const arch of ['shared-bottom', 'esmm', 'mmoe', 'ple'] as const) {
  test(`${arch}: backward of the weighted objective matches float64 central differences`, () => {
    checkArchitecture(arch);
  });
}

test('uncertainty weights: gradient of s_t and of the network match central differences', () => {
  checkArchitecture('shared-bottom', true);
  checkArchitecture('esmm', true);
});
