import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setKernelThreads } from '../../src/model/kernels.ts';
import {
  GATHER,
  LAZY_ADAM,
  packSlots,
  SCATTER,
  work,
  type RowJob,
} from '../../src/model/rows/kernels.ts';
import { RowPool } from '../../src/model/rows/pool.ts';
import { train } from '../../src/model/trainer.ts';
import { Rng } from '../../src/util/rng.ts';
import { syntheticSplit, tinyConfig } from './fixtures.ts';

const serial = (job: RowJob) => {
  let c = 0;
  work(job, () => c++);
};

const sharedF32 = (n: number) => new Float32Array(new SharedArrayBuffer(4 * n));
const sharedI32 = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));

test('gather, scatter and packSlots equal plain loops over the batch', () => {
  const rng = new Rng(2);
  const vocabs = [40, 3, 90];
  const [F, dim, rows] = [vocabs.length, 5, 150];
  const outDim = F * dim + 2;
  const offsets = Int32Array.from([0, 40, 43]);
  const table = Float64Array.from({ length: 133 * dim }, () => rng.normal());
  const cat = Int32Array.from({ length: rows * F }, (_, i) =>
    rng.int(vocabs[i % F]),
  );
  const out = new Float64Array(rows * outDim).fill(7);
  serial({
    kind: GATHER,
    arrays: [table, cat, out, offsets],
    ints: [rows, F, dim, outDim],
    floats: [],
  });
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) {
      const row = offsets[f] + cat[r * F + f];
      for (let j = 0; j < dim; j++) {
        assert.equal(out[r * outDim + f * dim + j], table[row * dim + j]);
      }
    }
    // The dense columns are not the gather's to write.
    assert.equal(out[r * outDim + F * dim], 7);
  }

  const dy = Float64Array.from({ length: rows * outDim }, () => rng.normal());
  const slotOf = new Int32Array(133);
  const slotRows = new Int32Array(rows * F);
  const grad = new Float64Array(rows * F * dim);
  const counts = new Int32Array(F);
  serial({
    kind: SCATTER,
    arrays: [dy, cat, offsets, slotOf, slotRows, grad, counts],
    ints: [rows, F, dim, outDim],
    floats: [],
  });
  const count = packSlots(slotRows, grad, counts, rows, F, dim);
  // Reference: per table row, the sum of dy over the batch rows using it.
  const want = new Map<number, number[]>();
  const order: number[] = [];
  for (let f = 0; f < F; f++) {
    for (let r = 0; r < rows; r++) {
      const row = offsets[f] + cat[r * F + f];
      if (!want.has(row)) {
        want.set(row, new Array<number>(dim).fill(0));
        order.push(row);
      }
      const g = want.get(row)!;
      for (let j = 0; j < dim; j++) g[j] += dy[r * outDim + f * dim + j];
    }
  }
  assert.equal(count, order.length);
  assert.deepEqual(Array.from(slotRows.subarray(0, count)), order);
  order.forEach((row, s) => {
    const g = Array.from(grad.subarray(s * dim, (s + 1) * dim));
    assert.deepEqual(g, want.get(row));
  });
  assert.ok(
    slotOf.every((v) => v === 0),
    'slotOf is cleared',
  );
});

test('a row job shared with a worker thread writes the same bytes as one thread', async () => {
  const rng = new Rng(4);
  const [V, d, count] = [60_000, 16, 50_000];
  const W = sharedF32(V * d);
  for (let i = 0; i < W.length; i++) W[i] = rng.normal();
  const mv = sharedF32(2 * V * d);
  const rows = sharedI32(count);
  const seen = new Set<number>();
  for (let s = 0; s < count;) {
    const row = rng.int(V);
    if (!seen.has(row)) rows[s++] = (seen.add(row), row);
  }
  const grad = sharedF32(count * d);
  for (let i = 0; i < grad.length; i++) grad[i] = rng.normal();
  const job = (w: Float32Array, m: Float32Array): RowJob => ({
    kind: LAZY_ADAM,
    arrays: [w, m, rows, grad],
    ints: [count, d],
    floats: [1e-3, 1e-8, 0.9, 0.999],
  });
  const W1 = W.slice();
  const mv1 = mv.slice();
  for (let step = 0; step < 3; step++) serial(job(W1, mv1));

  const pool = new RowPool();
  pool.setThreads(2);
  await pool.ready();
  for (let step = 0; step < 3; step++) pool.run(job(W, mv));
  assert.ok(pool.workerChunks > 0, 'the worker took part');
  assert.deepEqual(new Float32Array(W), W1);
  assert.deepEqual(new Float32Array(mv), mv1);
  pool.setThreads(1);
});

for (const sparse of ['adam', 'adagrad'] as const) {
  test(`training with 2 threads gives the same weights as with 1 (${sparse} tables)`, async () => {
    const vocabs = [3000, 2000, 50];
    const data = {
      train: syntheticSplit(2048, 11, vocabs),
      valid: syntheticSplit(256, 12, vocabs),
    };
    const config = tinyConfig('shared-bottom', { vocabs, embDim: 8 });
    const opts = {
      epochs: 2,
      batchSize: 512,
      seed: 1,
      patience: 0,
      optimizer: { sparse },
    };
    const run = async (threads: number) => {
      setKernelThreads(threads);
      try {
        const res = await train(data, config, opts);
        return res.model.network.params().map((p) => p.value.slice());
      } finally {
        setKernelThreads(1);
      }
    };
    const one = await run(1);
    const two = await run(2);
    two.forEach((v, k) => assert.deepEqual(v, one[k]));
  });
}
