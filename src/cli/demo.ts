/**
 * `winnow demo`: the whole pipeline on the built-in e-commerce world, from
 * a generated log with planted bad samples to the HTML report, with a short
 * summary at the end. Each step is the same subcommand a person would run,
 * so the demo doubles as a worked example of the CLI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
      const run = async (args: string[]) => {
        await runStep(program, args, flags.quiet);
      };
      const q = flags.quiet ? ['--quiet'] : [];
      const start = Date.now();
      const p = (name: string) => join(out, name);

      // prettier-ignore
      const step = (n: number, text: string) =>
        note(flags, `${n}/6 ${text}`);
      step(1, `generating the world into ${p('world')}`);
      const world = ['--users', flags.users, '--items', flags.items];
      await run(['generate', '--out', p('world'), '--force', ...world,
        '--events', flags.events, '--seed', flags.seed, ...q]);
      step(2, 'preparing samples');
      await run(['prepare', '--preset', 'generated', '--data', p('world'),
        '--out', p('prepared'), '--seed', flags.seed, ...q]);
      step(3, 'training the multi-task model');
      await run(['train', '--data', p('prepared'), '--out', p('model'),
        '--epochs', flags.epochs, '--seed', flags.seed, '--restart',
        ...DEMO_MODEL, ...q]);
      step(4, 'scoring the importance of every sample');
      const scores = join(p('scores'), 'scores.csv');
      await run(['score', '--data', p('prepared'), '--model', p('model'),
        '--out', scores, ...q]);
      await run(['evaluate-scores', '--data', p('prepared'),
        '--scores', scores, '--truth', join(p('world'), 'truth.csv'),
        '--out', join(p('scores'), 'truth-evaluation.json')]);
      step(5, 'pruning experiment (50% kept against baselines)');
      await run(['experiment', '--data', p('prepared'), '--keep', '0.5',
        '--seeds', '1', '--epochs', flags.epochs, '--out', p('experiment'),
        '--restart', ...q]);
      const segments = await runStep(program,
        ['segments', '--data', p('prepared'), '--json'], true);
      writeFileSync(p('segments.json'), `${segments}\n`);
      note(flags, '6/6 writing the report');
      await run(['report', '--run', out, '--out', p('report.html')]);
      const seconds = (Date.now() - start) / 1000;
      console.log(summarise(out, seconds));
    });
}

/**
 * Runs one subcommand in-process and returns what it printed. Its stdout
 * summary is progress for the demo: shown on stderr unless quiet, so that
 * stdout carries only the demo's own summary.
 */
async function runStep(
  program: Command,
  args: string[],
  quiet = false,
): Promise<string> {
  const { buildProgram } = await import('./main.ts');
  const step = buildProgram();
  const log = console.log;
  const printed: string[] = [];
  console.log = (...a: unknown[]) => {
    printed.push(a.map(String).join(' '));
    if (!quiet) console.error(...a);
  };
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
  return printed.join('\n');
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
    methods?: Record<string, { auroc: number; precisionAtK: number }>;
    random?: { precisionAtK: number };
    flagged?: number;
    rows?: number;
  } | null;
  const found = truth?.methods?.noise;
  if (truth && found) {
    const best = Object.entries(truth.methods ?? {}).sort(
      (a, b) => b[1].auroc - a[1].auroc,
    )[0];
    lines.push(
      `  planted noise: ${truth.flagged} of ${truth.rows} training samples ` +
        `flagged; the noise score finds them with AUROC ` +
        `${found.auroc.toFixed(3)} (precision@k ` +
        `${found.precisionAtK.toFixed(3)} vs ` +
        `${truth.random?.precisionAtK.toFixed(3)} at random); best single ` +
        `method ${best[0]} (AUROC ${best[1].auroc.toFixed(3)})`,
    );
  }
  lines.push(...effectLines(out));
  lines.push(`  report: ${join(out, 'report.html')}`);
  return lines.join('\n');
}

interface Point {
  curve: string;
  keep: number;
  auc: number;
  seconds: number;
}

/** What keeping half the data cost, from the experiment's summary. */
function effectLines(out: string): string[] {
  const results = readJson(join(out, 'experiment', 'results.json')) as {
    mainTask?: string;
    summary?: { full?: Point; points?: Point[] };
  } | null;
  const full = results?.summary?.full;
  const half = (results?.summary?.points ?? []).filter((p) => p.keep === 0.5);
  if (!full || half.length === 0) return [];
  const fmt = (p: Point) =>
    `${p.curve} ${p.auc.toFixed(4)} (${(p.seconds / full.seconds).toFixed(2)}x time)`;
  return [
    `  50% of the data, ${results?.mainTask} test AUC against full data ` +
      `${full.auc.toFixed(4)}:`,
    ...half.sort((a, b) => b.auc - a.auc).map((p) => `    ${fmt(p)}`),
  ];
}
