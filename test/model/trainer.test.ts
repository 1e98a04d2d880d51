import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train } from '../../src/model/trainer.ts';
import type { TrainState } from '../../src/model/train-types.ts';
import { Rng } from '../../src/util/rng.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

const small = { batchSize: 64, optimizer: { lr: 0.01 } };

function copyState(s: TrainState): TrainState {
  return structuredClone(s);
}

test('train() learns a planted rule: valid click AUC well above chance', async () => {
  const data = {
    train: syntheticSplit(3000, 1),
    valid: syntheticSplit(800, 2),
  };
  const res = await train(data, tinyConfig('shared-bottom'), {
    ...small,
    epochs: 3,
  });
  const last = res.history[res.history.length - 1];
  assert.ok(last.valid!.click.auc! > 0.75, `auc ${last.valid!.click.auc}`);
  assert.equal(res.dynamics.epochs, res.history.length);
  assert.equal(res.dynamics.data.length, res.history.length * 3000 * 3);
});

for (const arch of ['esmm', 'mmoe', 'ple'] as const) {
  test(`train() with ${arch} lowers the training loss`, async () => {
    const data = { train: syntheticSplit(1500, 3) };
    const res = await train(data, tinyConfig(arch), { ...small, epochs: 3 });
    const h = res.history;
    assert.ok(
      h[2].trainLoss < h[0].trainLoss,
      `${h[0].trainLoss} -> ${h[2].trainLoss}`,
    );
  });
}

test('train() is deterministic: the same seed gives the same weights', async () => {
  const data = { train: syntheticSplit(500, 4) };
  const run = () => train(data, tinyConfig('mmoe'), { ...small, epochs: 2 });
  const [a, b] = [await run(), await run()];
  const pa = a.model.network.params();
  const pb = b.model.network.params();
  pa.forEach((p, k) => assert.deepEqual(p.value, pb[k].value));
});

test('train() resumed from an epoch-1 snapshot ends where an uninterrupted run ends', async () => {
  const data = { train: syntheticSplit(600, 5), valid: syntheticSplit(200, 6) };
  const config = tinyConfig('ple');
  const opts = { ...small, epochs: 3, patience: 0 };
  let saved: TrainState | null = null;
  const full = await train(data, config, opts, {
    onEpoch: (rec, snap) => {
      if (rec.epoch === 1) saved = copyState(snap());
    },
  });
  const resumed = await train(data, config, opts, {}, saved!);
  const a = full.model.network.params();
  const b = resumed.model.network.params();
  a.forEach((p, k) => assert.deepEqual(p.value, b[k].value));
  assert.equal(resumed.history.length, 3);
  assert.deepEqual(resumed.dynamics.data, full.dynamics.data);
});

test('train() stops early on unlearnable labels and keeps the best epoch', async () => {
  const tr = syntheticSplit(800, 7);
  const valid = syntheticSplit(400, 8);
  const rng = new Rng(1);
  for (let i = 0; i < valid.labels.length; i++) {
    valid.labels[i] = rng.next() < 0.3 ? 1 : 0;
  }
  const weightsAt = new Map<number, TrainState['params']>();
  const res = await train(
    { train: tr, valid },
    tinyConfig('shared-bottom'),
    { ...small, epochs: 12, patience: 1, optimizer: { lr: 0.05 } },
    {
      onEpoch: (r, snap) =>
        void weightsAt.set(r.epoch, copyState(snap()).params),
    },
  );
  assert.ok(res.stoppedEarly, 'expected an early stop');
  const scores = res.history.map((h) => h.score!);
  const best = scores.indexOf(Math.max(...scores)) + 1;
  assert.equal(res.bestEpoch, best);
  assert.ok(res.history.length < 12);
  const kept = weightsAt.get(best)!;
  res.model.network.params().forEach((p, k) => {
    assert.deepEqual(p.value, kept[k]);
  });
});

test('train() rejects a split whose ids exceed the vocabularies', async () => {
  const data = syntheticSplit(10, 9);
  data.cat[4] = 99;
  await assert.rejects(
    train({ train: data }, tinyConfig('esmm'), { epochs: 1 }),
    /outside \[0, 5\)/,
  );
});

test('train() rejects NaN features and labels outside [0, 1]', async () => {
  const a = syntheticSplit(10, 9);
  a.dense[3] = NaN;
  await assert.rejects(
    train({ train: a }, tinyConfig('mmoe')),
    /numeric feature 1 is NaN/,
  );
  const b = syntheticSplit(10, 9);
  b.labels[5] = 2;
  await assert.rejects(
    train({ train: b }, tinyConfig('mmoe')),
    /purchase is 2/,
  );
});

test('train() without a validation split returns the last epoch, not the first', async () => {
  const data = { train: syntheticSplit(1200, 5) };
  const config = tinyConfig('shared-bottom');
  const weights = async (epochs: number) => {
    const res = await train(data, config, { ...small, epochs });
    assert.equal(res.bestEpoch, epochs);
    return res.model.network.params().map((p) => Array.from(p.value));
  };
  const one = await weights(1);
  const three = await weights(3);
  assert.notDeepEqual(three, one);
  // The same run trained with an epoch hook sees the weights it returns.
  let seen: number[][] = [];
  const res = await train(
    data,
    config,
    { ...small, epochs: 3 },
    {
      onEpoch: (_record, snap) => {
        seen = snap().params.map((p) => Array.from(p));
      },
    },
  );
  const returned = res.model.network.params().map((p) => Array.from(p.value));
  assert.deepEqual(returned, seen);
});

test('train() stops with a clear error when the loss stops being a number', async () => {
  const config = tinyConfig('shared-bottom');
  const data = syntheticSplit(200, 3);
  // Steps this large overflow the weights after the first batch.
  const options = { ...small, optimizer: { lr: 1e30 }, epochs: 1 };
  await assert.rejects(
    train({ train: data }, config, options),
    (e: Error) =>
      e.name === 'UsageError' &&
      /diverged in epoch 1 at row 64 .*NaN.*\(--lr, now 1e\+30\)/.test(
        e.message,
      ),
  );
  // The same data at a sane step size trains.
  const ok = await train({ train: data }, config, { ...small, epochs: 1 });
  assert.ok(Number.isFinite(ok.history[0].trainLoss));
});
