import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WinnowModel } from '../../src/model/model.ts';
import { train } from '../../src/model/trainer.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

/**
 * The training step measures in float32, with other sums than inspect();
 * relative agreement to this is what float32 allows here.
 */
const REL_TOL = 1e-4;

function weighted(rows: number, seed: number) {
  const s = syntheticSplit(rows, seed);
  for (let r = 0; r < rows; r++) s.weights[r] = 0.25 + (r % 7) * 0.3;
  return s;
}

for (const arch of ['shared-bottom', 'mmoe', 'ple'] as const) {
  test(`${arch}: norms a training step records equal inspect() at its weights`, async () => {
    const data = { train: weighted(300, 11) };
    const config = tinyConfig(arch);
    // One step (the batch is the split): the step measures at the initial
    // weights, which a fresh model of the same config holds.
    const before = new WinnowModel(config).inspect(data.train).gradNorm;
    const res = await train(data, config, {
      batchSize: 300,
      epochs: 1,
      objective: { lambda: 0.5 },
      optimizer: { lr: 0.05 },
    });
    const g = res.gradNorms!;
    assert.equal(g.epoch, 1);
    assert.equal(g.rows, 300);
    assert.equal(g.data.length, before.length);
    let positive = 0;
    for (let i = 0; i < before.length; i++) {
      const want = before[i];
      assert.ok(
        Math.abs(g.data[i] - want) <= REL_TOL * want + 1e-7,
        `${i}: ${g.data[i]} vs ${want}`,
      );
      if (want > 0) positive++;
    }
    assert.ok(positive > before.length / 2);
  });
}

test('recording the norms leaves training unchanged, and they follow the best epoch', async () => {
  const data = {
    train: syntheticSplit(400, 12),
    valid: syntheticSplit(100, 13),
  };
  const config = tinyConfig('shared-bottom');
  const opts = { batchSize: 64, epochs: 3, optimizer: { lr: 0.01 } };
  const a = await train(data, config, opts);
  const b = await train(data, config, { ...opts, dynamics: 'none' });
  const pb = b.model.network.params();
  a.model.network
    .params()
    .forEach((p, k) => assert.deepEqual(p.value, pb[k].value));
  assert.equal(b.gradNorms, null);
  // Measured in the last scheduled epoch only; kept when it is the best.
  if (a.bestEpoch === 3) assert.equal(a.gradNorms!.epoch, 3);
  else assert.equal(a.gradNorms, null);
});

test('the norms are measured in the last epoch, each row at its own step', async () => {
  const data = { train: syntheticSplit(400, 16) };
  const res = await train(data, tinyConfig('ple'), {
    batchSize: 64,
    epochs: 2,
    optimizer: { lr: 0.01 },
  });
  const g = res.gradNorms!;
  assert.equal(g.epoch, 2);
  assert.equal(res.bestEpoch, 2);
  // Several batches: each row is measured at its own step's weights, so
  // the norms differ from an inspection at the final weights, but not by
  // much after two epochs of small steps.
  const fin = res.model.inspect(data.train).gradNorm;
  let diff = 0;
  let sum = 0;
  for (let i = 0; i < fin.length; i++) {
    assert.ok(Number.isFinite(g.data[i]) && g.data[i] >= 0);
    diff += Math.abs(g.data[i] - fin[i]);
    sum += fin[i];
  }
  assert.ok(diff > 0, 'measured at other weights than the final ones');
  assert.ok(diff < 0.5 * sum, `mean relative gap ${diff / sum}`);
});

test('rows a step gives no weight (T-CE drops, zero weights) get NaN, not 0', async () => {
  const s = syntheticSplit(200, 14);
  s.weights[5] = 0;
  // Two steps: T-CE's rate is 0 at step 0 and 0.5 at step 1, so half the
  // positives of the second batch are dropped per task.
  const res = await train({ train: s }, tinyConfig('mmoe'), {
    batchSize: 100,
    epochs: 1,
    objective: { truncation: { maxRate: 0.5, steps: 1 } },
  });
  const g = res.gradNorms!.data;
  const T = 3;
  for (let t = 0; t < T; t++) assert.ok(Number.isNaN(g[5 * T + t]));
  for (let t = 0; t < T; t++) {
    let dropped = 0;
    for (let r = 0; r < s.rows; r++) {
      if (r === 5 || !Number.isNaN(g[r * T + t])) continue;
      assert.equal(s.labels[r * T + t], 1, `row ${r} task ${t}`);
      dropped++;
    }
    assert.ok(dropped > 0, `task ${t}`);
  }
});

test('ESMM records no norms: its click tower mixes the tasks', async () => {
  const res = await train(
    { train: syntheticSplit(100, 15) },
    tinyConfig('esmm'),
    {
      batchSize: 50,
      epochs: 1,
    },
  );
  assert.equal(res.gradNorms, null);
});
