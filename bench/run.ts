/**
 * Entry point of the benchmarks: `npm run bench -- NAME [args]` runs the
 * benchmark NAME with the remaining arguments; with no name it lists them.
 */

type Bench = (args: string[]) => Promise<void>;

/** Benchmarks by name, each loaded only when asked for. */
const BENCHES: Record<string, { about: string; load: () => Promise<Bench> }> = {
  prepare: {
    about:
      'winnow prepare on generated worlds (--events 1000000,10000000) ' +
      'or on one dataset (--preset NAME --data DIR)',
    load: async () => (await import('./prepare.ts')).runPrepareBench,
  },
  train: {
    about:
      'training and inference samples/s of the benchmark model against ' +
      'the PyTorch reference (--threads, --rows, --epochs, --no-reference)',
    load: async () => (await import('./train.ts')).runTrainBench,
  },
  experiment: {
    about:
      'winnow experiment on a prepared dataset (PREP RUN [--keep] ' +
      '[--seeds] [--max-rows]) with the figures against the targets',
    load: async () => (await import('./experiment.ts')).runExperimentBench,
  },
  serve: {
    about:
      'winnow serve under load: POST /v1/rank with 100 candidates for ' +
      '--seconds (default 30), p50/p99, errors, RSS, a malformed burst',
    load: async () => (await import('./serve.ts')).runServeBench,
  },
  score: {
    about:
      'importance scores against real flags (DenoisingRec), planted noise ' +
      '(taobao-hscd) and the truth file; seed stability; speed at 100k/1M',
    load: async () => (await import('./score.ts')).runScoreBench,
  },
  'train-quality': {
    about:
      'test AUC per task on a preset (default taobao-hscd) against the ' +
      'PyTorch reference, popularity and logistic regression',
    load: async () => (await import('./train-quality.ts')).runTrainQualityBench,
  },
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  if (name) console.error(`unknown benchmark "${name}"`);
  console.log('benchmarks (npm run bench -- NAME [args]):');
  for (const [n, b] of Object.entries(BENCHES)) {
    console.log(`  ${n.padEnd(12)} ${b.about}`);
  }
  process.exitCode = name ? 2 : 0;
} else {
  await (
    await bench.load()
  )(rest);
}
