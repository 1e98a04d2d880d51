/** `winnow profile`: one user's behaviour profile. */
import type { Command } from 'commander';
import { countFacts } from '../apps/facts.ts';
import { userProfile } from '../apps/profile.ts';
import { profileTable } from '../apps/tables.ts';
import { loadPrepared } from '../data/load.ts';

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description(
      'Profile a user: interest tags with weights, activity, recency / ' +
        'frequency / monetary figures and conversion propensity.',
    )
    .requiredOption('--data <dir>', 'a prepared dataset (winnow prepare)')
    .requiredOption('--user <id>', 'the user key')
    .option('--json', 'print JSON instead of tables')
    .action(async (o: { data: string; user: string; json?: boolean }) => {
      const facts = countFacts(await loadPrepared(o.data));
      const p = userProfile(facts, o.user);
      console.log(o.json ? JSON.stringify(p, null, 2) : profileTable(p));
    });
}
