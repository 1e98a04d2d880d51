/**
 * Writes the benchmark's random data as a bundle that the PyTorch reference
 * reads (format in ../shared/bench/torch_reference.py), and returns the
 * same data as SplitArrays for Winnow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SplitArrays } from '../src/data/types.ts';
import { Rng } from '../src/util/rng.ts';

export interface BundleSpec {
  fields: number;
  vocab: number;
  dense: number;
  tasks: string[];
  trainRows: number;
  testRows: number;
  seed: number;
}

/** Labels follow a planted logistic rule on a few fields and features. */
export function makeSplit(
  spec: BundleSpec,
  rows: number,
  seed: number,
): SplitArrays {
  const rng = new Rng(seed);
  const { fields: F, dense: N, vocab } = spec;
  const T = spec.tasks.length;
  const cat = new Int32Array(rows * F);
  const dense = new Float32Array(rows * N);
  const labels = new Float32Array(rows * T);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) {
      const u = rng.next();
      cat[r * F + f] = Math.floor(vocab * u * u);
    }
    for (let j = 0; j < N; j++) dense[r * N + j] = rng.normal();
    const s = ((cat[r * F] % 7) - 3) / 3 + (N ? dense[r * N] : 0) - 1.5;
    const click = rng.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
    labels[r * T] = click;
    for (let t = 1; t < T; t++) {
      labels[r * T + t] = click && rng.next() < 0.2 ? 1 : 0;
    }
  }
  return {
    rows,
    sampleId: Int32Array.from({ length: rows }, (_, i) => i),
    cat,
    nCat: F,
    dense,
    nDense: N,
    labels,
    nTasks: T,
    weights: new Float32Array(rows).fill(1),
    user: new Int32Array(rows),
    item: new Int32Array(rows),
    userKeys: ['u'],
    itemKeys: ['i'],
    category: new Int32Array(rows).fill(-1),
    time: new Float64Array(rows).fill(NaN),
    sampled: new Uint8Array(rows),
    evalColumns: {},
  };
}

function bytes(a: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes meta.json and the train/test arrays into `dir`. */
export function writeBundle(
  dir: string,
  spec: BundleSpec,
  train: SplitArrays,
  test: SplitArrays,
): void {
  mkdirSync(dir, { recursive: true });
  const meta = {
    fields: Array.from({ length: spec.fields }, () => spec.vocab),
    dense: spec.dense,
    tasks: spec.tasks,
    train_rows: train.rows,
    test_rows: test.rows,
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  for (const [name, s] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeFileSync(join(dir, `${name}.ids.i32`), bytes(s.cat));
    if (spec.dense)
      writeFileSync(join(dir, `${name}.dense.f32`), bytes(s.dense));
    writeFileSync(join(dir, `${name}.labels.f32`), bytes(s.labels));
  }
}
