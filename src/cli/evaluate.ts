/**
 * `winnow evaluate`: offline recommendation metrics against popularity,
 * or, on data with graded relevance (an evaluation column `relevance`, or
 * the one named by --graded), NDCG@10 of search ranking per test query
 * against popularity and a random order.
 */
import type { Command } from 'commander';
import { evaluateRecommendation } from '../apps/evaluate.ts';
import { DEFAULT_GRADED_COLUMN, evaluateGraded } from '../apps/graded.ts';
import { OBJECTIVE_HELP, parseObjective } from '../apps/objective.ts';
import { evaluationTable, gradedTable } from '../apps/tables.ts';
import { loadPrepared } from '../data/load.ts';
import { UsageError } from '../errors.ts';
import { loadModel } from '../model/io.ts';

interface EvaluateFlags {
  model: string;
  data: string;
  objective: string;
  users: string;
  seed: string;
  json?: boolean;
  graded?: string;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Evaluate recommendation on held-out later purchases (the test ' +
        'split): NDCG@10, Recall@20, HitRate@10 and MRR of the model ' +
        'next to a popularity baseline. With graded relevance (an ' +
        `evaluation column "${DEFAULT_GRADED_COLUMN}", or --graded): ` +
        'NDCG@10 per test query next to popularity and random order.',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .requiredOption('--data <dir>', 'the prepared dataset it was trained on')
    .option('--objective <o>', OBJECTIVE_HELP, 'ctr')
    .option('--users <n>', 'evaluate at most n users (seeded sample)', '2000')
    .option('--seed <s>', 'seed of the user sample', '1')
    .option(
      '--graded <column>',
      'evaluate search ranking with this graded evaluation column ' +
        `(default: "${DEFAULT_GRADED_COLUMN}" when the data has it)`,
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (o: EvaluateFlags) => {
      const maxUsers = Number(o.users);
      const seed = Number(o.seed);
      if (!Number.isInteger(maxUsers) || maxUsers < 1) {
        throw new UsageError(
          `--users expects a whole number >= 1; got ${o.users}`,
        );
      }
      if (!Number.isInteger(seed) || seed < 0) {
        throw new UsageError(
          `--seed expects a whole number >= 0; got ${o.seed}`,
        );
      }
      const objective = parseObjective(o.objective);
      const { model, file } = loadModel(o.model);
      const data = await loadPrepared(o.data);
      const column =
        o.graded ??
        (DEFAULT_GRADED_COLUMN in data.splits.test.evalColumns
          ? DEFAULT_GRADED_COLUMN
          : undefined);
      if (column) {
        const g = evaluateGraded(model, data, { column, objective, seed });
        console.log(o.json ? JSON.stringify(g, null, 2) : gradedTable(g));
        return;
      }
      const e = await evaluateRecommendation(model, file, data, {
        objective,
        maxUsers,
        seed,
      });
      if (o.json) console.log(JSON.stringify(e, null, 2));
      else console.log(`${evaluationTable(e)}\n(${e.users} users)`);
    });
}
