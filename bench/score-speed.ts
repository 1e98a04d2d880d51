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
import {
  clock,
  preparedDir,
  subsample,
  trainSmall,
  type Span,
} from './score-kit.ts';

const CHEAP: MethodName[] = ['loss', 'el2n', 'grand', 'dynamics', 'coverage'];
const COSTLY: MethodName[] = ['redundancy', 'knn-shapley', 'influence'];

/** Wall and CPU seconds of each step, timed between progress labels. */
function stepTimer() {
  const c = clock();
  const steps: [string, Span][] = [];
  let label = '';
  return {
    mark(next: string) {
      const span = c.since();
      if (label) steps.push([label, span]);
      label = next;
    },
    steps: () => steps,
  };
}

const sum = (spans: Span[]): Span => ({
  wall: spans.reduce((s, x) => s + x.wall, 0),
  cpu: spans.reduce((s, x) => s + x.cpu, 0),
});
const fmt = (x: Span) => `${x.wall.toFixed(2)} s (cpu ${x.cpu.toFixed(2)} s)`;
const pct = (x: Span, e: Span) =>
  `${((x.wall / e.wall) * 100).toFixed(1)}% of an epoch ` +
  `(cpu ${((x.cpu / e.cpu) * 100).toFixed(1)}%)`;

export async function runSpeed(
  work: string,
  datasets: string,
  sizes: number[],
  checks: string[],
  options: { costly: boolean },
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
    // The second epoch: no setup in it, but its validation pass and
    // checkpoint are (a slightly longer epoch).
    const epoch = trained.epochs[1];
    console.log(
      `\nspeed on ${rows} hscd rows (valid ${data.splits.valid.rows}): ` +
        `one epoch of the default model ${fmt(epoch)}, ` +
        `${trained.samplesPerSecond.map((r) => r.toFixed(0)).join(', ')} ` +
        'samples/s',
    );
    const prepT = stepTimer();
    prepT.mark('inspect');
    const wanted = options.costly ? METHOD_NAMES : CHEAP;
    const input = modelInput(data, model, wanted, prepT.mark);
    prepT.mark('end');
    const [inspect, replay = { wall: 0, cpu: 0 }] = prepT
      .steps()
      .slice(1)
      .map(([, s]) => s);
    console.log(
      `  inspection of train (+ valid representations) ${fmt(inspect)}; ` +
        `replay of ${shape.epochs} epochs for TracIn ${fmt(replay)}`,
    );
    const cheap = timed(input, CHEAP);
    for (const [label, s] of cheap) {
      console.log(`  ${label.padEnd(34)} ${fmt(s)}`);
    }
    const total = sum(cheap.map(([, s]) => s));
    const withInspect = sum([total, inspect]);
    console.log(
      `  cheap methods + noise + importance ${fmt(total)} = ` +
        `${pct(total, epoch)}; with the inspection ${pct(withInspect, epoch)}`,
    );
    checks.push(
      `speed at ${rows} rows: cheap methods ${pct(total, epoch)}; with ` +
        `the model's inspection ${pct(withInspect, epoch)} (<= 10%) -> ` +
        (total.wall <= 0.1 * epoch.wall ? 'MET' : 'NOT MET') +
        (withInspect.wall <= 0.1 * epoch.wall ? '' : ' (not with it)'),
    );
    for (const m of options.costly ? COSTLY : []) {
      const t = timeOne(input, m);
      const extra = m === 'influence' ? ` + replay ${fmt(replay)}` : '';
      console.log(`  ${m.padEnd(12)} ${fmt(t)}${extra} (${pct(t, epoch)})`);
      checks.push(`speed at ${rows} rows: ${m} ${fmt(t)}${extra}`);
    }
  }
}

/**
 * Runs `methods` once and times each one between progress labels; the
 * last method's time also holds noise and importance.
 */
function timed(input: ScoringInput, methods: MethodName[]): [string, Span][] {
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
function timeOne(input: ScoringInput, m: MethodName): Span {
  const steps = timed(input, ['loss', m]);
  return steps[steps.length - 1][1];
}
