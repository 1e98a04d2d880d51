/**
 * Speed of scoring against training, on taobao-hscd rows (a seeded uniform
 * sample of N training rows; the validation split capped at N/10):
 *
 *   - one epoch of the default model (embeddings 16, shared 256-128,
 *     towers 64, batch 1024) on the N rows, the mean of 2 epochs;
 *   - the model's inspection of the N rows (forward pass, representations,
 *     exact gradient norms), which every model-based method needs;
 *   - loss, el2n, grand, dynamics, coverage, then noise and importance,
 *     all O(n) or O(n log n) (ranks by radix sort: O(n));
 *   - redundancy: HNSW over the representations, build and k-NN queries,
 *     O(n log n);
 *   - knn-shapley: the same graph plus V validation queries of M
 *     candidates, O(n log n + V·M log M);
 *   - influence: a replay of each of the C saved epochs over train and
 *     valid (C forward passes) and last-layer gradient dot products,
 *     O(C·(N + V)·T·D).
 */
import { join } from 'node:path';
import { modelInput } from '../src/cli/score-input.ts';
import { loadPrepared } from '../src/data/load.ts';
import { METHOD_NAMES, type MethodName } from '../src/importance/methods.ts';
import { scoreSamples, type ScoringInput } from '../src/importance/score.ts';
import { DEFAULT_SHAPE } from '../src/model/config.ts';
import { preparedDir, subsample, trainSmall } from './score-kit.ts';

const CHEAP: MethodName[] = ['loss', 'el2n', 'grand', 'dynamics', 'coverage'];
const COSTLY: MethodName[] = ['redundancy', 'knn-shapley', 'influence'];

/** Seconds of each step, timed between progress labels. */
function stepTimer() {
  const marks: [string, number][] = [];
  return {
    mark: (label: string) => marks.push([label, performance.now()]),
    steps(): [string, number][] {
      return marks
        .slice(0, -1)
        .map(([l, t], i) => [l, (marks[i + 1][1] - t) / 1000]);
    },
  };
}

export async function runSpeed(
  work: string,
  datasets: string,
  sizes: number[],
  checks: string[],
): Promise<void> {
  const prep = await preparedDir(
    'taobao-hscd',
    join(datasets, 'taobao-multibehavior-hscd'),
    join(work, 'taobao-hscd'),
  );
  for (const n of sizes) {
    const data = await loadPrepared(prep);
    subsample(data, 'train', n, 1);
    subsample(data, 'valid', Math.round(n / 10), 2);
    data.splits.test = { ...data.splits.test, rows: 0 };
    const rows = data.splits.train.rows;
    const model = join(work, `speed-${rows}`);
    const shape = { ...DEFAULT_SHAPE, epochs: 2, seed: 0 };
    const trained = await trainSmall(data, model, shape);
    const rate =
      trained.samplesPerSecond.reduce((a, b) => a + b, 0) /
      trained.samplesPerSecond.length;
    const epoch = rows / rate;
    console.log(
      `\nspeed on ${rows} hscd rows (valid ${data.splits.valid.rows}): ` +
        `one epoch of the default model ${epoch.toFixed(1)} s ` +
        `(${rate.toFixed(0)} samples/s)`,
    );
    const prepT = stepTimer();
    const input = modelInput(data, model, METHOD_NAMES, prepT.mark);
    prepT.mark('end');
    const [inspect, replay] = prepT.steps().map(([, s]) => s);
    console.log(
      `  inspection of train (+ valid representations) ` +
        `${inspect.toFixed(1)} s; replay of ${shape.epochs} epochs for ` +
        `TracIn ${replay.toFixed(1)} s`,
    );
    const cheap = timed(input, CHEAP);
    const cheapTotal = cheap.reduce((s, [, t]) => s + t, 0);
    for (const [label, s] of cheap) {
      console.log(`  ${label.padEnd(34)} ${s.toFixed(2)} s`);
    }
    const share = cheapTotal / epoch;
    const withInspect = (cheapTotal + inspect) / epoch;
    console.log(
      `  cheap methods + noise + importance ${cheapTotal.toFixed(2)} s = ` +
        `${(share * 100).toFixed(1)}% of an epoch; with the inspection ` +
        `${(withInspect * 100).toFixed(1)}%`,
    );
    checks.push(
      `speed at ${rows} rows: cheap methods ${(share * 100).toFixed(1)}% ` +
        `of an epoch (${(withInspect * 100).toFixed(1)}% with the ` +
        `model's inspection) (<= 10%) -> ` +
        (share <= 0.1 ? 'MET' : 'NOT MET') +
        (withInspect <= 0.1 ? '' : ' (not with the inspection)'),
    );
    for (const m of COSTLY) {
      const t = timeOne(input, m);
      const extra = m === 'influence' ? ` + replay ${replay.toFixed(1)} s` : '';
      console.log(
        `  ${m.padEnd(12)} ${t.toFixed(1)} s${extra} ` +
          `(${((t / epoch) * 100).toFixed(0)}% of an epoch)`,
      );
      checks.push(`speed at ${rows} rows: ${m} ${t.toFixed(1)} s${extra}`);
    }
  }
}

/**
 * Runs `methods` once and times each one between progress labels; the
 * last method's time also holds noise and importance.
 */
function timed(input: ScoringInput, methods: MethodName[]): [string, number][] {
  const t = stepTimer();
  scoreSamples(input, {
    methods,
    onProgress: (_d, _n, label) => t.mark(label ?? ''),
  });
  t.mark('end');
  const steps = t.steps().slice(0, -1);
  const last = steps.length - 1;
  return steps.map(([l, s], i) => [
    i === last ? `${l} + noise + importance` : l,
    s,
  ]);
}

/**
 * Seconds of one costly method alone (run after `loss`, which `noise`
 * needs; the loss step is not counted).
 */
function timeOne(input: ScoringInput, m: MethodName): number {
  const steps = timed(input, ['loss', m]);
  return steps[steps.length - 1][1];
}
