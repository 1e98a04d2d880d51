/** `winnow rank`: rank candidate items for a user and a query. */
import type { Command } from 'commander';
import { loadApp } from '../apps/context.ts';
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
      const app = await loadApp(o.model, o.data);
      const r = rankItems(app, {
        user: o.user,
        query: o.query,
        items,
        objective,
      });
      console.log(o.json ? JSON.stringify(r, null, 2) : rankedTable(r.items));
    });
}
