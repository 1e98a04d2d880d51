/**
 * Speed of scoring against training, on taobao-hscd rows (a seeded uniform
 * sample of N training rows; the validation split capped at N/10):
 *
 *   - one epoch of the default model (embeddings 16, shared 256-128,
 *     towers 64, batch 1024) on the N rows, on every core as `winnow
 *     train` runs by default: the second of 3;
 *   - the model's view of the N rows that every model-based method needs
 *     (final probabilities, exact gradient norms): read from what
 *     training recorded (its end-of-epoch predictions, and the norms its
 *     own steps measured), or, with --inspect, an inspection pass over
 *     the rows (forward pass and per-task backward passes);
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
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { modelInput } from '../src/cli/score-input.ts';
import { loadPrepared } from '../src/data/load.ts';
import { METHOD_NAMES, type MethodName } from '../src/importance/methods.ts';
import { scoreSamples, type ScoringInput } from '../src/importance/score.ts';
import { DEFAULT_SHAPE } from '../src/model/config.ts';
import { setKernelThreads } from '../src/model/kernels.ts';
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
  options: { costly: boolean; inspect?: boolean },
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
    // Three epochs: the second is the clean one the targets compare with
    // (no setup in it, but its validation pass and checkpoint are); the
    // third, the last, also measures the gradient norms in its steps, and
    // what that adds is counted as part of scoring.
    const shape = { ...DEFAULT_SHAPE, epochs: 3, seed: 0 };
    // Trained on every core, as `winnow train` does by default; the
    // scores then run as `winnow score` runs them.
    setKernelThreads(availableParallelism());
    const trained = await trainSmall(data, model, shape);
    const epoch = trained.epochs[1];
    const last = trained.epochs[2];
    const zero = { wall: 0, cpu: 0 };
    // What measuring the norms added to the last epoch; counted only when
    // scoring reads them.
    const record = {
      wall: Math.max(0, last.wall - epoch.wall),
      cpu: Math.max(0, last.cpu - epoch.cpu),
    };
    console.log(
      `\nspeed on ${rows} hscd rows (valid ${data.splits.valid.rows}): ` +
        `one epoch of the default model ${fmt(epoch)}, ` +
        `${trained.samplesPerSecond.map((r) => r.toFixed(0)).join(', ')} ` +
        `samples/s; the last epoch, measuring the norms, ${fmt(last)}`,
    );
    const prepT = stepTimer();
    const wanted = options.costly ? METHOD_NAMES : CHEAP;
    if (options.inspect) rmSync(join(model, 'gradnorms.json'), { force: true });
    prepT.mark('view');
    const input = modelInput(data, model, wanted, prepT.mark);
    prepT.mark('end');
    const labels = prepT.steps().map(([l]) => l);
    const isReplay = (label: string) => label.startsWith('replaying');
    const spans = (keep: (label: string) => boolean) =>
      sum(
        prepT
          .steps()
          .filter(([l]) => keep(l))
          .map(([, x]) => x),
      );
    const view = spans((l) => !isReplay(l));
    const replay = spans(isReplay);
    const inspected = labels.includes('inspecting the training split');
    const how = inspected
      ? 'an inspection pass over train'
      : `the training record, which cost ${fmt(record)} in the last epoch`;
    console.log(
      `  model's view of train ${fmt(view)}, from ${how}; ` +
        `replay of ${shape.epochs} epochs for TracIn ${fmt(replay)}`,
    );
    const cheap = timed(input, CHEAP);
    for (const [label, s] of cheap) {
      console.log(`  ${label.padEnd(34)} ${fmt(s)}`);
    }
    const total = sum(cheap.map(([, s]) => s));
    const all = sum([total, view, inspected ? zero : record]);
    console.log(
      `  cheap methods + noise + importance ${fmt(total)} = ` +
        `${pct(total, epoch)}; with the model's view ${pct(all, epoch)}`,
    );
    checks.push(
      `speed at ${rows} rows: cheap methods ${pct(total, epoch)}; with ` +
        `the model's view (${inspected ? 'inspection pass' : 'training record and its cost'}) ` +
        `${pct(all, epoch)} (<= 10%) -> ` +
        (total.wall <= 0.1 * epoch.wall ? 'MET' : 'NOT MET') +
        (all.wall <= 0.1 * epoch.wall ? '' : ' (not with it)'),
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
