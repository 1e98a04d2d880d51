/** `winnow experiment`: strategies against baselines at equal budgets. */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { loadPrepared } from '../data/load.ts';
import { UsageError } from '../errors.ts';
import {
  DEFAULT_EXPERIMENT,
  DEFAULT_MODEL,
} from '../strategies/experiment/options.ts';
import { runExperiment } from '../strategies/experiment/run.ts';
import { curveName } from '../strategies/experiment/results.ts';
import type { ExperimentSummary } from '../strategies/experiment/summary.ts';
import type { StrategyName } from '../strategies/select.ts';

type Flags = Record<string, string | boolean | undefined>;

export function registerExperiment(program: Command): void {
  const d = DEFAULT_EXPERIMENT;
  program
    .command('experiment')
    .description(
      'Train on the subsets each scorer and strategy selects at every ' +
        'budget, against full data, random, stratified random and ' +
        'negative downsampling, evaluated on the untouched test split. ' +
        'Writes results.json and results.csv; rerunning resumes.',
    )
    .requiredOption('--data <dir>', 'a prepared dataset (winnow prepare)')
    .requiredOption('--out <dir>', 'the run directory to write')
    .option('--scorers <list>', 'scorers to compare', d.scorers.join(','))
    .option('--keep <list>', 'budgets (fractions kept)', d.keep.join(','))
    .option('--seeds <n>', 'seeds per budget', `${d.seeds}`)
    .option('--strategies <list>', 'prune,resample,reweight', 'prune,resample')
    .option('--no-reverse', 'skip the reverse curve')
    .option('--task <t>', 'main task of the summary (default the last)')
    .option('--epochs <n>', 'epochs per run', `${DEFAULT_MODEL.epochs}`)
    .option('--max-rows <n>', 'stratified subsample of train, 0 = all', '0')
    .option(
      '--jobs <n>',
      'runs trained at once, each on a worker thread (results do not ' +
        'depend on it)',
      `${availableParallelism()}`,
    )
    .option('--restart', 'discard finished runs instead of resuming')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: Flags) => {
      const out = String(flags.out);
      if (flags.restart) rmSync(out, { recursive: true, force: true });
      const quiet = Boolean(flags.quiet);
      const say = (s: string) => quiet || process.stderr.write(s + '\n');
      say('experiment: loading the prepared dataset');
      const data = await loadPrepared(String(flags.data));
      const start = Date.now();
      const { summary } = await runExperiment(
        data,
        out,
        {
          scorers: list(flags.scorers),
          keep: list(flags.keep).map((k) => num(k, '--keep')),
          seeds: num(flags.seeds, '--seeds'),
          strategies: list(flags.strategies) as StrategyName[],
          reverse: flags.reverse !== false,
          mainTask: flags.task ? String(flags.task) : undefined,
          model: { ...DEFAULT_MODEL, epochs: num(flags.epochs, '--epochs') },
          maxTrainRows: num(flags.maxRows, '--max-rows'),
          jobs: num(flags.jobs, '--jobs'),
        },
        {
          onProgress: (done, total, label) =>
            say(`experiment [${done}/${total}] ${label ?? ''}`),
          onRun: (r, resumed) => {
            const m = r.test[Object.keys(r.test).at(-1)!];
            say(
              `  ${resumed ? 'resumed ' : ''}${curveName(r)} keep ${r.keep} ` +
                `seed ${r.seed}: AUC ${m.auc?.toFixed(4)} in ` +
                `${r.seconds.toFixed(1)} s`,
            );
          },
        },
      );
      say(`experiment: ${((Date.now() - start) / 1000).toFixed(1)} s`);
      console.log(summaryTable(summary));
      console.log(`wrote ${out}/results.json and results.csv`);
    });
}

/** The summary as a plain table: curve rows, budget columns (mean±std). */
export function summaryTable(s: ExperimentSummary): string {
  const keeps = [...new Set(s.points.map((p) => p.keep))].sort((a, b) => a - b);
  const curves = [...new Set(s.points.map((p) => p.curve))];
  const width = Math.max(12, ...curves.map((c) => c.length));
  const lines = [
    `${s.mainTask} test AUC (mean±std over seeds)`,
    'curve'.padEnd(width) + keeps.map((k) => `${k}`.padStart(15)).join(''),
  ];
  for (const c of curves) {
    const cells = keeps.map((k) => {
      const p = s.points.find((q) => q.curve === c && q.keep === k);
      return (p ? `${p.auc.toFixed(4)}±${p.aucStd.toFixed(4)}` : '').padStart(
        15,
      );
    });
    lines.push(c.padEnd(width) + cells.join(''));
  }
  lines.push('', 'smallest budget reaching full AUC - 0.001:');
  for (const t of s.toTarget) {
    lines.push(
      `  ${t.curve.padEnd(width)} ${t.keep ?? 'never'}` +
        (t.seconds !== null ? ` (${t.seconds.toFixed(1)} s/run)` : ''),
    );
  }
  return lines.join('\n');
}

function list(v: unknown): string[] {
  return String(v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function num(v: unknown, flag: string): number {
  const x = Number(v);
  if (!Number.isFinite(x)) {
    throw new UsageError(`${flag} expects a number, got ${String(v)}`);
  }
  return x;
}
