/** `winnow segments`: user segments with sizes, categories and rates. */
import type { Command } from 'commander';
import { countFacts } from '../apps/facts.ts';
import { segments } from '../apps/segments.ts';
import { segmentsTable } from '../apps/tables.ts';
import { loadPrepared } from '../data/load.ts';

export function registerSegments(program: Command): void {
  program
    .command('segments')
    .description(
      'Segment users by behaviour (inactive, browsers, one-time and ' +
        'repeat buyers) with sizes, top categories and conversion rates.',
    )
    .requiredOption('--data <dir>', 'a prepared dataset (winnow prepare)')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { data: string; json?: boolean }) => {
      const s = segments(countFacts(await loadPrepared(o.data)));
      console.log(o.json ? JSON.stringify(s, null, 2) : segmentsTable(s));
    });
}
