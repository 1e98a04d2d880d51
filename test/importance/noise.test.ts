import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noiseRates, noiseScores } from '../../src/importance/noise.ts';
import { auroc } from '../../src/importance/evaluate.ts';
import { dynamicsScores } from '../../src/importance/dynamics.ts';
import { el2nScores } from '../../src/importance/el2n.ts';
import { lossScores } from '../../src/importance/loss.ts';
import { labelled, near } from './fixtures.ts';
import { makeWorld } from './simulate.ts';

test('noiseScores() of one signal is its rank within the label stratum', () => {
  const l = labelled([[1], [1], [0], [0], [0]]);
  const loss = Float32Array.from([0.1, 2, 5, 0.2, 0.3]);
  const s = noiseScores(l, { loss }, [1]);
  assert.deepEqual([...s.perTask], [0, 1, 1, 0, 0.5]);
});

test('noiseScores() averages oriented signals, AUM negated', () => {
  const l = labelled([[1], [1], [1]]);
  const loss = Float32Array.from([3, 2, 1]);
  const aum = Float32Array.from([-1, 0, 1]);
  const s = noiseScores(l, { loss, aum }, [1]);
  assert.deepEqual([...s.perTask], [1, 0.5, 0]);
  const w = noiseScores(l, { loss, aum }, [1], { weights: { aum: 0 } });
  assert.deepEqual([...w.perTask], [1, 0.5, 0]);
});

test('noiseScores() ranks confidently wrong above ambiguous', () => {
  const l = labelled([[1], [1], [1]]);
  const confidence = Float32Array.from([0.2, 0.2, 0.9]);
  const variability = Float32Array.from([0.02, 0.3, 0.02]);
  const s = noiseScores(l, { confidence, variability }, [1]);
  assert.ok(s.perTask[0] > s.perTask[1] && s.perTask[1] > s.perTask[2]);
});

test('noiseScores() combines tasks by their weights', () => {
  const l = labelled([
    [1, 0],
    [1, 0],
  ]);
  const loss = Float32Array.from([1, 0, 0, 1]);
  const s = noiseScores(l, { loss }, [1, 3]);
  near(s.combined[0], 0.25);
  near(s.combined[1], 0.75);
  assert.throws(() => noiseScores(l, {}, [1, 1]), /at least one signal/);
});

test('noiseScores() finds flipped labels of a logistic model', () => {
  const world = makeWorld(1500, 0.1, 42);
  const w = [1, 1];
  const d = dynamicsScores(world.labels, world.dynamics, w);
  const s = noiseScores(
    world.labels,
    {
      loss: lossScores(world.labels, world.final.probs, w).perTask,
      confidence: d.confidence.perTask,
      variability: d.variability.perTask,
      earlyError: el2nScores(world.labels, [world.dynamics], w).perTask,
      aum: d.aum.perTask,
    },
    w,
    { probs: world.final.probs },
  );
  const a = auroc(s.combined, world.flipped);
  assert.ok(a >= 0.9, `AUROC ${a}`);
});

test('noiseRates() counts confidently contradicted labels per stratum', () => {
  // Positives: p = 0.9, 0.8, 0.1 (mean 0.6); negatives: p = 0.2, 0.7
  // (mean 1 − p = 0.55). Positive 0.1 is suspect (0.9 >= 0.55); negative
  // 0.7 is suspect (0.7 >= 0.6).
  const l = labelled([[1], [1], [1], [0], [0]]);
  const probs = Float32Array.from([0.9, 0.8, 0.1, 0.2, 0.7]);
  const rho = noiseRates(l, probs);
  near(rho[1], (1 + 1) / (3 + 2));
  near(rho[0], (1 + 1) / (2 + 2));
});

test('noiseScores() with probs is a noisy-OR over tasks', () => {
  const l = labelled([
    [1, 0],
    [1, 0],
    [0, 0],
  ]);
  const loss = Float32Array.from([1, 0, 0, 2, 0, 1]);
  const probs = Float32Array.from([0.9, 0.1, 0.8, 0.1, 0.2, 0.1]);
  const rho = noiseRates(l, probs);
  const s = noiseScores(l, { loss }, [1, 0.5], { probs });
  // Row 2 is alone among task 0's negatives (rank 0.5) and in the middle
  // of task 1's three negatives (rank 0.5).
  const pi0 = rho[0] / (rho[0] + 0.5);
  const pi1 = rho[4] / (rho[4] + 0.5);
  near(s.combined[2], 1 - (1 - pi0) * (1 - pi1) ** 0.5);
});
