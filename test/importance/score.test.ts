import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreSamples, type ScoringInput } from '../../src/importance/score.ts';
import { auroc, f1AtK, evaluateScores } from '../../src/importance/evaluate.ts';
import type { TracInCheckpoint } from '../../src/importance/influence.ts';
import { UsageError } from '../../src/errors.ts';
import { makeWorld, type World } from './simulate.ts';

const VALID = 300;

/** The world as a scoring input; rows [0, VALID) are a clean valid split. */
function inputOf(world: World): ScoringInput {
  const n = world.labels.rows;
  const d = world.dynamics;
  const dim = world.dim;
  const validLabels = {
    rows: VALID,
    tasks: 2,
    labels: world.clean.slice(0, VALID * 2),
  };
  const checkpoints: TracInCheckpoint[] = [];
  for (let e = 0; e < d.epochs; e++) {
    const probs = d.probs.subarray(e * n * 2, (e + 1) * n * 2);
    const towerInputs = world.final.towerInputs;
    checkpoints.push({
      learningRate: 2,
      train: { probs, towerInputs, towerInputDim: dim },
      valid: {
        probs: probs.subarray(0, VALID * 2),
        towerInputs: towerInputs.subarray(0, VALID * 2 * dim),
        towerInputDim: dim,
      },
    });
  }
  return {
    taskNames: ['click', 'buy'],
    labels: world.labels,
    user: Int32Array.from({ length: n }, (_, r) => r % 97),
    item: Int32Array.from({ length: n }, (_, r) => (r * 7) % 301),
    category: Int32Array.from({ length: n }, (_, r) => r % 5),
    final: world.final,
    dynamics: [d],
    valid: { labels: validLabels, shared: world.x.subarray(0, VALID * dim) },
    checkpoints,
  };
}

test('scoreSamples() runs every method and is repeatable to the byte', () => {
  const input = inputOf(makeWorld(800, 0.1, 1));
  const a = scoreSamples(input, { lambda: 0.5 });
  assert.deepEqual(a.methods, [
    'loss',
    'el2n',
    'grand',
    'dynamics',
    'coverage',
    'redundancy',
    'influence',
    'knn-shapley',
  ]);
  assert.deepEqual(a.taskWeights, [1, 0.5]);
  assert.deepEqual(
    [...a.columns.keys()],
    [
      'loss',
      'loss_click',
      'loss_buy',
      'el2n',
      'grand',
      'confidence',
      'variability',
      'correctness',
      'forgetting',
      'aum',
      'coverage',
      'redundancy',
      'influence',
      'knn_shapley',
    ],
  );
  assert.ok(a.importance.every((x) => x >= -1 && x <= 1));
  assert.ok(a.noise.every((x) => x >= 0 && x <= 1));
  const b = scoreSamples(input, { lambda: 0.5 });
  assert.deepEqual(b.importance, a.importance);
  assert.deepEqual(b.noise, a.noise);
});

test('scoreSamples() finds 10% planted noise with AUROC >= 0.9', () => {
  const world = makeWorld(1500, 0.1, 2);
  const s = scoreSamples(inputOf(world));
  const noise = auroc(s.noise, world.flipped);
  assert.ok(noise >= 0.9, `noise AUROC ${noise}`);
  const inf = auroc(
    s.columns.get('influence')!.map((x) => -x),
    world.flipped,
  );
  const shap = auroc(
    s.columns.get('knn_shapley')!.map((x) => -x),
    world.flipped,
  );
  assert.ok(inf > 0.8, `−influence AUROC ${inf}`);
  assert.ok(shap > 0.8, `−knn_shapley AUROC ${shap}`);
  // Coverage, with the largest default weight (it does not depend on the
  // seed), is noise here: users and items are row numbers modulo primes.
  const imp = auroc(s.importance, world.flipped);
  assert.ok(imp < 0.4, `flipped rows rank low: importance AUROC ${imp}`);
});

test('scoreSamples() at 20% noise has F1 >= 2.4x that of random', () => {
  const world = makeWorld(1500, 0.2, 3);
  const s = scoreSamples(inputOf(world));
  const k = world.flipped.reduce((a, b) => a + b, 0);
  const e = evaluateScores({ noise: s.noise }, world.flipped, { seed: 1 });
  assert.equal(e.methods.noise.f1, f1AtK(s.noise, world.flipped, k));
  assert.ok(e.methods.noise.f1 >= 2.4 * e.random.f1, JSON.stringify(e));
});

test('scoreSamples() of logged dynamics runs the model-free methods', () => {
  const input = inputOf(makeWorld(400, 0.1, 4));
  const dynOnly: ScoringInput = {
    ...input,
    final: undefined,
    valid: undefined,
    checkpoints: undefined,
  };
  const s = scoreSamples(dynOnly);
  assert.deepEqual(s.methods, ['loss', 'el2n', 'dynamics', 'coverage']);
  assert.throws(
    () => scoreSamples(dynOnly, { methods: ['grand'] }),
    (e: unknown) =>
      e instanceof UsageError && /grand needs a Winnow model/.test(e.message),
  );
  assert.throws(
    () => scoreSamples(dynOnly, { methods: ['speed' as never] }),
    /unknown method/,
  );
});
