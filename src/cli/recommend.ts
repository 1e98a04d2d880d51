/** `winnow recommend`: the top k items for a user. */
import type { Command } from 'commander';
import { loadApp, withPredictor } from '../apps/context.ts';
import { ENGINE_HELP, parseEngine } from '../apps/predictor.ts';
import { OBJECTIVE_HELP, parseObjective } from '../apps/objective.ts';
import { MAX_K, recommend } from '../apps/recommend.ts';
import { rankedTable } from '../apps/tables.ts';
import { UsageError } from '../errors.ts';

interface RecommendFlags {
  model: string;
  data?: string;
  user: string;
  k: string;
  objective: string;
  includeBought?: boolean;
  json?: boolean;
  engine: string;
}

export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description(
      "Recommend items: candidates from the user's interest tags, " +
        'popularity and nearest items in the learned item space, ranked ' +
        'by the model. An unknown user gets popular items.',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .option('--data <dir>', 'its prepared dataset (builds the feature store)')
    .requiredOption('--user <id>', 'the user key')
    .option('--k <n>', `items to return, 1..${MAX_K}`, '10')
    .option('--objective <o>', OBJECTIVE_HELP, 'ctr')
    .option('--include-bought', 'keep items the user already bought')
    .option('--engine <e>', ENGINE_HELP, 'auto')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: RecommendFlags) => {
      const k = Number(o.k);
      if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
        throw new UsageError(
          `--k expects a whole number 1..${MAX_K}; got ${o.k}`,
        );
      }
      const objective = parseObjective(o.objective);
      const engine = parseEngine(o.engine);
      const app = await withPredictor(await loadApp(o.model, o.data), {
        engine,
      });
      const r = await recommend(app, {
        user: o.user,
        k,
        objective,
        includeBought: o.includeBought ?? false,
      });
      await app.predictor.release();
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else {
        if (!r.knownUser)
          console.error(`unknown user ${o.user}: popular items`);
        console.log(rankedTable(r.items));
      }
    });
}
