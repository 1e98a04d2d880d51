/** `winnow evaluate`: offline recommendation metrics against popularity. */
import type { Command } from 'commander';
import { evaluateRecommendation } from '../apps/evaluate.ts';
import { OBJECTIVE_HELP, parseObjective } from '../apps/objective.ts';
import { evaluationTable } from '../apps/tables.ts';
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
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Evaluate recommendation on held-out later purchases (the test ' +
        'split): NDCG@10, Recall@20, HitRate@10 and MRR of the model ' +
        'next to a popularity baseline.',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .requiredOption('--data <dir>', 'the prepared dataset it was trained on')
    .option('--objective <o>', OBJECTIVE_HELP, 'ctr')
    .option('--users <n>', 'evaluate at most n users (seeded sample)', '2000')
    .option('--seed <s>', 'seed of the user sample', '1')
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
      const e = await evaluateRecommendation(model, file, data, {
        objective,
        maxUsers,
        seed,
      });
      if (o.json) console.log(JSON.stringify(e, null, 2));
      else console.log(`${evaluationTable(e)}\n(${e.users} users)`);
    });
}
