/** `winnow rank`: rank candidate items for a user and a query. */
import type { Command } from 'commander';
import { loadApp, withPredictor } from '../apps/context.ts';
import { ENGINE_HELP, parseEngine } from '../apps/predictor.ts';
import { OBJECTIVE_HELP, parseObjective } from '../apps/objective.ts';
import { rankItems } from '../apps/rank.ts';
import { rankedTable } from '../apps/tables.ts';
import { UsageError } from '../errors.ts';

interface RankFlags {
  model: string;
  data?: string;
  user: string;
  query: string;
  items: string;
  objective: string;
  json?: boolean;
  engine: string;
}

export function registerRank(program: Command): void {
  program
    .command('rank')
    .description(
      'Rank candidate items for a user and a search query by the model. ' +
        'Unknown users and items are scored as average ones (cold start).',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .option('--data <dir>', 'its prepared dataset (builds the feature store)')
    .requiredOption('--user <id>', 'the user key')
    .option('--query <text>', 'the search text', '')
    .requiredOption('--items <list>', 'candidate item keys, comma-separated')
    .option('--objective <o>', OBJECTIVE_HELP, 'ctr')
    .option('--engine <e>', ENGINE_HELP, 'auto')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: RankFlags) => {
      const items = o.items
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!items.length) {
        throw new UsageError('--items needs at least one item key');
      }
      const objective = parseObjective(o.objective);
      const engine = parseEngine(o.engine);
      const app = await withPredictor(await loadApp(o.model, o.data), {
        engine,
      });
      const r = await rankItems(app, {
        user: o.user,
        query: o.query,
        items,
        objective,
      });
      await app.predictor.release();
      console.log(o.json ? JSON.stringify(r, null, 2) : rankedTable(r.items));
    });
}
