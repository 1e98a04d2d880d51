/**
 * The data-optimization experiment on taobao-hscd, printed against the
 * targets. Prepare the preset first:
 *
 *   node bin/winnow.js prepare --preset taobao-hscd \
 *     --data ../shared/datasets/taobao-multibehavior-hscd --out PREP
 *
 * then `node --import tsx bench/experiment.ts PREP RUN [--keep 0.3,0.5,0.7]
 * [--seeds 3] [--max-rows 0] [--jobs CORES]`. A smaller run (fewer
 * budgets, seeds or rows) reports the same figures on less data.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { loadPrepared } from '../src/data/load.ts';
import { runExperiment } from '../src/strategies/experiment/run.ts';
import type { ExperimentSummary } from '../src/strategies/experiment/summary.ts';
import { summaryTable } from '../src/cli/experiment.ts';

export async function runExperimentBench(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      keep: { type: 'string', default: '0.1,0.3,0.5,0.7,0.9' },
      seeds: { type: 'string', default: '3' },
      'max-rows': { type: 'string', default: '0' },
      jobs: { type: 'string', default: String(availableParallelism()) },
    },
  });
  const [prep, run] = positionals;
  if (!prep || !run || !existsSync(prep)) {
    console.error('usage: bench/experiment.ts PREP RUN (prepare PREP first)');
    process.exitCode = 2;
    return;
  }
  const start = Date.now();
  const data = await loadPrepared(prep);
  const { runs, summary } = await runExperiment(
    data,
    run,
    {
      keep: values.keep.split(',').map(Number),
      seeds: Number(values.seeds),
      maxTrainRows: Number(values['max-rows']),
      jobs: Number(values.jobs),
    },
    {
      onProgress: (d, t, label) =>
        process.stderr.write(`[${d}/${t}] ${label ?? ''}\n`),
    },
  );
  const minutes = (Date.now() - start) / 60000;
  console.log(summaryTable(summary));
  console.log(`\n${runs.length} runs in ${minutes.toFixed(1)} min`);
  console.log(targets(summary, minutes).join('\n'));
}

/** One line per target: the figure, the bound and whether it is met. */
function targets(s: ExperimentSummary, minutes: number): string[] {
  const full = s.full;
  const at = (curve: string, keep: number) =>
    s.points.find((p) => p.curve === curve && p.keep === keep);
  const half = s.best.find((b) => b.keep === 0.5);
  const out: string[] = [];
  const line = (ok: boolean | undefined, text: string) =>
    out.push(`${ok === undefined ? '?' : ok ? 'met ' : 'MISS'} ${text}`);
  const f = (x?: number) => (x === undefined ? 'n/a' : x.toFixed(4));
  if (full && half?.strategy && half.baseline) {
    line(
      half.strategy.auc >= full.auc - 0.001,
      `best strategy at 50% (${half.strategy.curve}) ${f(half.strategy.auc)}` +
        ` >= full ${f(full.auc)} - 0.001`,
    );
    line(
      half.strategy.auc >= half.baseline.auc + 0.001,
      `best strategy at 50% ${f(half.strategy.auc)} >= best baseline ` +
        `(${half.baseline.curve}) ${f(half.baseline.auc)} + 0.001`,
    );
    line(
      half.strategy.seconds <= 0.55 * full.seconds,
      `training time at 50% ${half.strategy.seconds.toFixed(1)} s <= 0.55 x ` +
        `full ${full.seconds.toFixed(1)} s`,
    );
  }
  // Where negative downsampling first falls more than 0.002 below full
  // (scanning from the largest budget down), the best strategy there.
  const nds = s.points
    .filter((p) => p.curve === 'negative-downsampling')
    .sort((a, b) => b.keep - a.keep)
    .find((p) => full && p.auc < full.auc - 0.002);
  const there = nds && s.best.find((b) => b.keep === nds.keep)?.strategy;
  if (full && nds && there) {
    line(
      there.auc >= full.auc - 0.001,
      `where negative downsampling first falls 0.002 below full (keep ` +
        `${nds.keep}: ${f(nds.auc)}), the best strategy (${there.curve}) ` +
        `${f(there.auc)} >= full ${f(full.auc)} - 0.001`,
    );
  }
  const rev = s.points.find(
    (p) => p.curve.endsWith('-reverse') && p.keep === 0.7,
  );
  const rnd = at('random', 0.7);
  if (rev && rnd) {
    line(
      rev.auc < rnd.auc,
      `removing the most important 30% ${f(rev.auc)} < removing a random ` +
        `30% ${f(rnd.auc)}`,
    );
  }
  line(minutes <= 10, `experiment time ${minutes.toFixed(1)} min <= 10 min`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runExperimentBench(process.argv.slice(2));
}
