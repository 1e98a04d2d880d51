/**
 * `winnow demo`: the whole pipeline on the built-in e-commerce world, from
 * a generated log with planted bad samples to the HTML report, with a short
 * summary at the end. Each step is the same subcommand a person would run,
 * so the demo doubles as a worked example of the CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

interface DemoFlags {
  out: string;
  users: string;
  items: string;
  events: string;
  epochs: string;
  seed: string;
  quiet?: boolean;
}

/** The demo's sizes: small enough for two minutes on two cores. */
export const DEMO_DEFAULTS = {
  users: 1500,
  items: 400,
  events: 80_000,
  epochs: 3,
};

/** The model the demo trains: narrow, so every step stays quick. */
const DEMO_MODEL = ['--emb-dim', '8', '--hidden', '64,32', '--tower', '16'];

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole pipeline on a generated e-commerce world: generate, ' +
        'prepare, train, score, prune, report.',
    )
    .option('--out <dir>', 'where to write everything', 'winnow-demo')
    .option('--users <n>', 'users in the world', `${DEMO_DEFAULTS.users}`)
    .option('--items <n>', 'items in the world', `${DEMO_DEFAULTS.items}`)
    .option('--events <n>', 'events in the log', `${DEMO_DEFAULTS.events}`)
    .option('--epochs <n>', 'training epochs', `${DEMO_DEFAULTS.epochs}`)
    .option('--seed <s>', 'seed of the world and of training', '7')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: DemoFlags) => {
      const out = resolve(flags.out);
      const run = (args: string[]) => runStep(program, args, flags.quiet);
      const q = flags.quiet ? ['--quiet'] : [];
      const start = Date.now();
      const has = (name: string) =>
        program.commands.some((c) => c.name() === name);
      const p = (name: string) => join(out, name);

      note(flags, `1/6 generating the world into ${p('world')}`);
      await run([
        'generate',
        '--out',
        p('world'),
        '--force',
        '--users',
        flags.users,
        '--items',
        flags.items,
        '--events',
        flags.events,
        '--seed',
        flags.seed,
      ]);
      note(flags, '2/6 preparing samples');
      await run([
        'prepare',
        '--preset',
        'generated',
        '--data',
        p('world'),
        '--out',
        p('prepared'),
        '--seed',
        flags.seed,
        ...q,
      ]);
      note(flags, '3/6 training the multi-task model');
      await run([
        'train',
        '--data',
        p('prepared'),
        '--out',
        p('model'),
        '--epochs',
        flags.epochs,
        '--seed',
        flags.seed,
        '--restart',
        ...DEMO_MODEL,
        ...q,
      ]);
      if (has('score')) {
        note(flags, '4/6 scoring the importance of every sample');
        await run([
          'score',
          '--data',
          p('prepared'),
          '--model',
          p('model'),
          '--out',
          join(p('scores'), 'scores.csv'),
          '--truth',
          join(p('world'), 'truth.csv'),
          ...q,
        ]);
      }
      if (has('experiment')) {
        note(flags, '5/6 pruning experiment (50% kept against baselines)');
        await run([
          'experiment',
          '--data',
          p('prepared'),
          '--keep',
          '0.5',
          '--seeds',
          '1',
          '--epochs',
          flags.epochs,
          '--out',
          p('experiment'),
          ...DEMO_MODEL,
          ...q,
        ]);
      }
      if (has('segments')) {
        await run([
          'segments',
          '--data',
          p('prepared'),
          '--json',
          '--out',
          p('segments.json'),
        ]);
      }
      note(flags, '6/6 writing the report');
      await run(['report', '--run', out, '--out', p('report.html')]);
      const seconds = (Date.now() - start) / 1000;
      console.log(summarise(out, seconds));
    });
}

async function runStep(
  program: Command,
  args: string[],
  quiet = false,
): Promise<void> {
  const { buildProgram } = await import('./main.ts');
  const step = buildProgram();
  const log = console.log;
  // Each step's own stdout summary is progress for the demo: send it to
  // stderr, keeping stdout for the demo's final summary.
  console.log = quiet ? () => {} : (...a) => console.error(...a);
  try {
    await step.parseAsync(['node', 'winnow', ...args]);
  } catch (error) {
    throw error instanceof UsageError
      ? new UsageError(`demo step "${args[0]}": ${error.message}`)
      : error;
  } finally {
    console.log = log;
  }
  void program;
}

function note(flags: DemoFlags, text: string): void {
  if (!flags.quiet) process.stderr.write(`\ndemo ${text}\n`);
}

function readJson(path: string): Record<string, unknown> | null {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/** The closing summary: metrics, noise found, what pruning cost. */
export function summarise(out: string, seconds: number): string {
  const lines = [`Winnow demo finished in ${seconds.toFixed(0)} s.`];
  const metrics = readJson(join(out, 'model', 'metrics.json')) as {
    test?: Record<string, { auc: number; gauc: number; logloss: number }>;
  } | null;
  if (metrics?.test) {
    const parts = Object.entries(metrics.test).map(
      ([task, m]) => `${task} AUC ${m.auc.toFixed(3)}`,
    );
    lines.push(`  model (test split): ${parts.join(', ')}`);
  }
  const truth = readJson(join(out, 'scores', 'truth-evaluation.json')) as {
    noise?: { auroc: number; precisionAtK: number };
    noisy?: number;
    rows?: number;
  } | null;
  if (truth?.noise) {
    lines.push(
      `  planted noise: ${truth.noisy} of ${truth.rows} training samples; ` +
        `the noise score finds them with AUROC ${truth.noise.auroc.toFixed(3)}` +
        `, precision@k ${truth.noise.precisionAtK.toFixed(3)}`,
    );
  }
  const effect = readJson(join(out, 'experiment', 'summary.json')) as {
    lines?: string[];
  } | null;
  for (const l of effect?.lines ?? []) lines.push(`  ${l}`);
  lines.push(`  report: ${join(out, 'report.html')}`);
  return lines.join('\n');
}
