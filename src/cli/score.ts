/**
 * `winnow score`: the importance of every training sample, as a ranked
 * table (CSV or Parquet) and a `summary.json` beside it.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadPrepared } from '../data/load.ts';
import { writeAtomic } from '../model/io.ts';
import { writeTable } from '../data/write-table.ts';
import { UsageError } from '../errors.ts';
import { parseImportanceWeights } from '../importance/combine.ts';
import {
  METHOD_NAMES,
  methodsHelp,
  type MethodName,
} from '../importance/methods.ts';
import { scoreSamples, type ScoringInput } from '../importance/score.ts';
import { summarizeScores } from '../importance/summary.ts';
import { buildScoreTable } from '../importance/table.ts';
import { setKernelThreads } from '../model/kernels.ts';
import { readExternalDynamics } from './dynamics-file.ts';
import { int, num } from './parse-flags.ts';
import { stepReporter } from './progress.ts';
import { baseInput, modelInput } from './score-input.ts';

interface ScoreFlags {
  data: string;
  model?: string;
  dynamics?: string;
  out: string;
  methods?: string;
  tasks?: string;
  lambda: string;
  importanceWeights?: string;
  threads: string;
  quiet?: boolean;
  json?: boolean;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      'Score the importance of every training sample with one or more ' +
        'methods; write a table sorted by importance and summary.json.',
    )
    .requiredOption('--data <dir>', 'the prepared dataset the model saw')
    .option('--model <dir>', 'a model directory (winnow train)')
    .option(
      '--dynamics <file>',
      'per-sample, per-epoch predictions from another trainer (CSV or ' +
        'Parquet: sample_id, epoch, task, prob[, label])',
    )
    .requiredOption('--out <file>', 'the table to write (.csv or .parquet)')
    .option('--methods <list>', `some of ${METHOD_NAMES.join(',')}`)
    .option('--tasks <list>', 'tasks that count (others get weight 0)')
    .option('--lambda <x>', 'weight of every task after the first', '1')
    .option(
      '--importance-weights <spec>',
      'weights of the combined score, e.g. "influence=3,noise=-1"',
    )
    .option(
      '--threads <t>',
      "threads sharing the model's forward and backward passes " +
        '(results are the same for any count)',
      `${availableParallelism()}`,
    )
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `\nMethods:\n${methodsHelp()}`)
    .action(async (flags: ScoreFlags) => {
      const progress = stepReporter('score', flags.quiet);
      if (!flags.model && !flags.dynamics) {
        throw new UsageError('give --model DIR, or --dynamics FILE');
      }
      const methods = parseMethods(flags.methods);
      setKernelThreads(int(flags.threads, '--threads', 1));
      const lambda = num(flags.lambda, '--lambda', 0);
      progress.step('loading the prepared dataset');
      const data = await loadPrepared(flags.data, ['train', 'valid']);
      const tasks = data.manifest.tasks.map((t) => t.name);
      let input: ScoringInput;
      if (flags.model) {
        input = modelInput(data, flags.model, methods ?? METHOD_NAMES, (s) =>
          progress.step(s),
        );
      } else {
        input = baseInput(data, tasks);
      }
      if (flags.dynamics) {
        progress.step('reading the external dynamics');
        input.dynamics = [
          await readExternalDynamics(flags.dynamics, input.taskNames, data),
        ];
      }
      const weights = taskWeightsFor(input.taskNames, flags.tasks, lambda);
      const result = scoreSamples(input, {
        methods,
        taskWeights: weights,
        importanceWeights: flags.importanceWeights
          ? parseImportanceWeights(flags.importanceWeights)
          : undefined,
        onProgress: (_d, _t, label) =>
          label && progress.step(`method ${label}`),
      });
      const train = data.splits.train;
      const scored = {
        sampleId: train.sampleId,
        labels: input.labels,
        taskNames: input.taskNames,
        importance: result.importance,
        noise: result.noise,
        columns: result.columns,
        user: train.user,
        userKeys: train.userKeys,
        item: train.item,
        itemKeys: train.itemKeys,
        category: train.category,
        sampled: train.sampled,
      };
      progress.step('writing');
      mkdirSync(dirname(flags.out), { recursive: true });
      const table = buildScoreTable(scored);
      await writeTable(flags.out, Object.fromEntries(table.columns));
      const summary = {
        format: 'winnow-scores-summary',
        version: 1,
        methods: result.methods,
        taskWeights: result.taskWeights,
        ...summarizeScores(scored),
      };
      const summaryPath = join(dirname(flags.out), 'summary.json');
      writeAtomic(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
      progress.done();
      if (flags.json) console.log(JSON.stringify(summary));
      else {
        console.log(
          `wrote ${flags.out}: ${table.rows} samples scored with ` +
            `${result.methods.join(', ')}; summary in ${summaryPath}`,
        );
      }
    });
}

function parseMethods(list?: string): MethodName[] | undefined {
  if (!list) return undefined;
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(METHOD_NAMES as readonly string[]).includes(n)) {
      throw new UsageError(
        `unknown method "${n}"; choose from ${METHOD_NAMES.join(', ')}`,
      );
    }
  }
  return names as MethodName[];
}

function taskWeightsFor(
  tasks: readonly string[],
  only: string | undefined,
  lambda: number,
): number[] {
  const weights = tasks.map((_, t) => (t === 0 ? 1 : lambda));
  if (!only) return weights;
  const wanted = only.split(',').map((s) => s.trim());
  for (const w of wanted) {
    if (!tasks.includes(w)) {
      throw new UsageError(
        `--tasks: unknown task "${w}"; the data has ${tasks.join(', ')}`,
      );
    }
  }
  return weights.map((w, t) => (wanted.includes(tasks[t]) ? w : 0));
}
