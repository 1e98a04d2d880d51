import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Embedding } from '../../src/model/layers/embedding.ts';
import { Gate } from '../../src/model/layers/gate.ts';
import { FULL_BACKWARD, Linear } from '../../src/model/layers/linear.ts';
import { MLP } from '../../src/model/layers/mlp.ts';
import { MMoE } from '../../src/model/trunks/mmoe.ts';
import { PLE } from '../../src/model/trunks/ple.ts';
import { SharedBottom } from '../../src/model/trunks/shared-bottom.ts';
import type { Trunk } from '../../src/model/trunks/trunk.ts';
import type { Param, Vec } from '../../src/model/tensor.ts';
import { Rng } from '../../src/util/rng.ts';
import { checkArray, dot, randn } from './gradcheck.ts';

const ROWS = 5;

/** Checks every parameter and the input of a layer with L = Σ out ⊙ R. */
function checkLayer(
  forward: () => Vec,
  backward: (dy: Vec) => Vec | null,
  params: Param[],
  input: Vec | null,
  outLen: number,
): void {
  const R = randn(new Rng(9), outLen);
  const loss = () => dot(forward(), R, outLen);
  forward();
  const dx = backward(R);
  const grads = params.map((p) => Float64Array.from(p.grad));
  params.forEach((p, k) => {
    const err = checkArray(p.name, loss, p.value, (i) => grads[k][i]);
    assert.equal(err, null);
  });
  if (input && dx) {
    const d = Float64Array.from(dx);
    assert.equal(
      checkArray('input', loss, input, (i) => d[i]),
      null,
    );
  }
}

test('Linear.backward matches central differences in float64', () => {
  const rng = new Rng(1);
  const layer = new Linear('l', 6, 4, 'float64', rng);
  const x = randn(rng, ROWS * 6);
  checkLayer(
    () => layer.forward(x, ROWS),
    (dy) => layer.backward(dy, ROWS, FULL_BACKWARD),
    layer.params(),
    x,
    ROWS * 4,
  );
});

test('MLP.backward (ReLU layers) matches central differences', () => {
  const rng = new Rng(2);
  const mlp = new MLP('m', 7, [9, 5, 3], 'float64', rng);
  const x = randn(rng, ROWS * 7);
  checkLayer(
    () => mlp.forward(x, ROWS),
    (dy) => mlp.backward(dy, ROWS, FULL_BACKWARD),
    mlp.params(),
    x,
    ROWS * 3,
  );
});

test('Gate.backward (softmax mixture) matches central differences', () => {
  const rng = new Rng(3);
  const gate = new Gate('g', 6, 3, 4, 'float64', rng);
  const x = randn(rng, ROWS * 6);
  const experts = [0, 1, 2].map(() => randn(rng, ROWS * 4));
  const dE = experts.map(() => new Float64Array(ROWS * 4));
  checkLayer(
    () => gate.forward(x, experts, ROWS),
    (dy) => {
      dE.forEach((d) => d.fill(0));
      return gate.backward(dy, ROWS, dE, FULL_BACKWARD);
    },
    gate.params(),
    x,
    ROWS * 4,
  );
  const R = randn(new Rng(9), ROWS * 4);
  const loss = () => dot(gate.forward(x, experts, ROWS), R);
  experts.forEach((e, k) => {
    const d = Float64Array.from(dE[k]);
    assert.equal(
      checkArray(`expert${k}`, loss, e, (i) => d[i]),
      null,
    );
  });
});

test('Embedding.backward gives the gradient of touched rows only', () => {
  const rng = new Rng(4);
  const emb = new Embedding([5, 3], 4, 2, 'float64', rng);
  const cat = Int32Array.from([1, 2, 1, 0, 4, 2, 1, 2, 0, 0]);
  const dense = Float32Array.from(randn(rng, ROWS * 2));
  const width = emb.outDim;
  const R = randn(new Rng(9), ROWS * width);
  const loss = () => dot(emb.forward(cat, dense, ROWS), R);
  emb.forward(cat, dense, ROWS);
  emb.backward(R, ROWS);
  const sp = emb.table.sparse!;
  const dense64 = new Float64Array(emb.table.value.length);
  for (let s = 0; s < sp.count; s++) {
    for (let j = 0; j < 4; j++)
      dense64[sp.rows[s] * 4 + j] = sp.grad[s * 4 + j];
  }
  const touched = new Set([1, 4, 0, 5 + 2, 5 + 0]);
  assert.equal(sp.count, touched.size);
  const err = checkArray('table', loss, emb.table.value, (i) => dense64[i], 40);
  assert.equal(err, null);
});

function checkTrunk(trunk: Trunk, inDim: number, seed: number): void {
  const x = randn(new Rng(seed), ROWS * inDim);
  const T = 2;
  const n = ROWS * trunk.outDim;
  const forward = () => {
    const joined = new Float64Array(T * n);
    trunk
      .forward(x, ROWS)
      .forEach((o, t) => joined.set(o.subarray(0, n), t * n));
    return joined;
  };
  const backward = (dy: Vec) => {
    const parts = [0, 1].map((t) => dy.subarray(t * n, (t + 1) * n));
    return trunk.backward(parts, ROWS, FULL_BACKWARD);
  };
  checkLayer(forward, backward, trunk.params(), x, T * n);
}

test('SharedBottom trunk backward matches central differences', () => {
  const trunk = new SharedBottom(6, [5, 4], 2, 'float64', new Rng(5));
  checkTrunk(trunk, 6, 5);
});

test('MMoE trunk backward matches central differences', () => {
  const trunk = new MMoE(6, [5, 4], 3, 2, 'float64', new Rng(6));
  checkTrunk(trunk, 6, 6);
});

test('PLE trunk with two levels matches central differences', () => {
  const shape = { hidden: [5, 4], sharedExperts: 2, taskExperts: 1, levels: 2 };
  const trunk = new PLE(6, shape, 2, 'float64', new Rng(7));
  checkTrunk(trunk, 6, 7);
});
