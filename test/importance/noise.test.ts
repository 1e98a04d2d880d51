import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_ODDS_MAX, noiseScores } from '../../src/importance/noise.ts';
import { auroc } from '../../src/importance/evaluate.ts';
import { dynamicsScores } from '../../src/importance/dynamics.ts';
import { el2nScores } from '../../src/importance/el2n.ts';
import { lossScores } from '../../src/importance/loss.ts';
import { labelled, near } from './fixtures.ts';
import { makeWorld } from './simulate.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test('noiseScores() of AUM alone is σ(−aum)', () => {
  const l = labelled([[1], [0], [1]]);
  const aum = Float32Array.from([2, -1, 0]);
  const s = noiseScores(l, { aum }, [1]);
  near(s.perTask[0], sigmoid(-2));
  near(s.perTask[1], sigmoid(1));
  near(s.perTask[2], 0.5);
  assert.deepEqual([...s.combined], [...s.perTask]);
});

test('noiseScores() of the final loss is the probability of the other label', () => {
  // A positive predicted at p: loss −ln p, other label 1 − p.
  const l = labelled([[1], [1], [0]]);
  const p = [0.9, 0.2, 0.3];
  const loss = Float32Array.from(p, (x, i) =>
    i < 2 ? -Math.log(x) : -Math.log(1 - x),
  );
  const s = noiseScores(l, { loss }, [1]);
  near(s.perTask[0], 0.1);
  near(s.perTask[1], 0.8);
  near(s.perTask[2], 0.3);
});

test('noiseScores() pools signals as a weighted mean of log-odds', () => {
  // confidence 0.8 -> ln(0.2/0.8); early error 0.5 -> 0; disagreement
  // 0.4 -> ln(0.5/0.7); weights 1, 1, 2.
  const l = labelled([[1]]);
  const s = noiseScores(
    l,
    {
      confidence: Float32Array.from([0.8]),
      earlyError: Float32Array.from([0.5]),
      disagreement: Float32Array.from([0.4]),
    },
    [1],
    { weights: { disagreement: 2 } },
  );
  const x = (Math.log(0.25) + 0 + 2 * Math.log(0.5 / 0.7)) / 4;
  near(s.perTask[0], sigmoid(x));
  const off = noiseScores(l, { confidence: Float32Array.from([0.8]) }, [1], {
    weights: { confidentlyWrong: 1, aum: 0 },
  });
  near(off.perTask[0], 0.2);
});

test('noiseScores() pools tasks by their weights, in log-odds', () => {
  const l = labelled([
    [1, 0],
    [0, 1],
  ]);
  const aum = Float32Array.from([1, -3, 0, 2]);
  const s = noiseScores(l, { aum }, [1, 3]);
  near(s.combined[0], sigmoid((1 * -1 + 3 * 3) / 4));
  near(s.combined[1], sigmoid((1 * 0 + 3 * -2) / 4));
  near(s.perTask[1], sigmoid(3));
  assert.throws(() => noiseScores(l, {}, [1, 1]), /at least one signal/);
  assert.throws(
    () => noiseScores(l, { aum }, [1, 1], { weights: { aum: 0 } }),
    /at least one signal/,
  );
});

test('noiseScores() clips certain signals to ±LOG_ODDS_MAX', () => {
  const l = labelled([[1], [1]]);
  const confidence = Float32Array.from([0, 1]);
  const s = noiseScores(l, { confidence }, [1]);
  near(s.perTask[0], sigmoid(LOG_ODDS_MAX));
  near(s.perTask[1], sigmoid(-LOG_ODDS_MAX));
  assert.ok(s.perTask[0] < 1 && s.perTask[1] > 0);
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
  );
  const a = auroc(s.combined, world.flipped);
  assert.ok(a >= 0.9, `AUROC ${a}`);
});
