/** `winnow generate`: writes a seeded e-commerce world as raw tables. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import {
  DEFAULTS,
  generateWorld,
  type OutputFormat,
  type WorldSummary,
} from '../generate/index.ts';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a seeded e-commerce world: events, items, users and a truth ' +
        'file of planted bad samples.',
    )
    .requiredOption('--out <dir>', 'output directory')
    .option('--users <n>', `number of users (default ${DEFAULTS.users})`)
    .option('--items <n>', `number of items (default ${DEFAULTS.items})`)
    .option(
      '--events <n>',
      `rows in the events table (default ${DEFAULTS.events})`,
    )
    .option('--seed <s>', `random seed (default ${DEFAULTS.seed})`)
    .option('--format <f>', 'csv or parquet (default csv)')
    .option(
      '--noise-rate <x>',
      "share of accidental clicks among real users' clicks " +
        `(default ${DEFAULTS.noiseRate})`,
    )
    .option('--force', 'replace the output directory if it exists')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const progress = o.quiet ? silentReporter() : progressReporter();
      let summary: WorldSummary;
      try {
        summary = await generateWorld(
          {
            out: String(o.out),
            users: toNumber('users', o.users),
            items: toNumber('items', o.items),
            events: toNumber('events', o.events),
            seed: toNumber('seed', o.seed),
            format: o.format as OutputFormat | undefined,
            noiseRate: toNumber('noise-rate', o.noiseRate),
            force: Boolean(o.force),
          },
          progress.update,
        );
      } finally {
        progress.stop();
      }
      console.log(o.json ? JSON.stringify(summary) : describe(summary));
    });
}

function toNumber(flag: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).replaceAll('_', '');
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${flag} expects a number; got '${String(v)}'`);
  }
  return n;
}

function describe(s: WorldSummary): string {
  const t = s.counts.byType;
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
  const truth = Object.entries(s.counts.truth)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `wrote ${s.out}: ${s.counts.rows} events in ${s.sessions} sessions, ` +
      `${s.users} users (${s.botUsers} bots), ${s.itemsListed} items listed`,
    `  clicks ${pct(t.click, t.impression)} of impressions, ` +
      `carts ${pct(t.cart, t.click)} of clicks, ` +
      `purchases ${pct(t.purchase, t.cart)} of carts`,
    `  planted: ${truth}`,
  ].join('\n');
}

/*
 * Progress on stderr: a bar when stderr is a terminal, otherwise a line
 * every few seconds.
 */
/** Milliseconds between lines when stderr is not a terminal. */
const LINE_EVERY_MS = 5000;

export interface ProgressReporter {
  update: (done: number, total: number, label?: string) => void;
  stop: () => void;
}

function silentReporter(): ProgressReporter {
  return { update: () => {}, stop: () => {} };
}

export function progressReporter(): ProgressReporter {
  return process.stderr.isTTY ? barReporter() : lineReporter();
}

function barReporter(): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        '{label} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let current: string | undefined;
  return {
    update(done, total, label = '') {
      if (label !== current) {
        if (current !== undefined) bar.stop();
        bar.start(total, done, { label });
        current = label;
      } else bar.update(done);
    },
    stop: () => current !== undefined && bar.stop(),
  };
}

function lineReporter(): ProgressReporter {
  let last = 0;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < LINE_EVERY_MS && done < total) return;
      last = now;
      process.stderr.write(`${label} ${done}/${total}\n`);
    },
    stop: () => {},
  };
}
