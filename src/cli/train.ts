/** `winnow train`: a prepared dataset in, a model directory out. */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadPrepared } from '../data/load.ts';
import { UsageError } from '../errors.ts';
import type { Architecture } from '../model/api.ts';
import { ARCHITECTURES, DEFAULT_SHAPE } from '../model/config.ts';
import { setKernelThreads } from '../model/kernels.ts';
import { DEFAULT_TRAIN } from '../model/train-types.ts';
import { runTraining, type TrainRequest, type TrainUi } from './train-run.ts';
import { int, ints, list, num } from './parse-flags.ts';
import { metricsTable } from './train-table.ts';

type Flags = Record<string, string | boolean | undefined>;

const BAR_FORMAT =
  'train |{bar}| {percentage}% {value}/{total} {rate} ETA {eta_formatted}';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'Train a multi-task ranking model (shared bottom, ESMM, MMoE or PLE) ' +
        'and write a model directory with metrics, checkpoints and ' +
        'training dynamics. Rerunning into the same --out resumes.',
    )
    .requiredOption('--data <dir>', 'a prepared dataset (winnow prepare)')
    .requiredOption('--out <dir>', 'the model directory to write')
    .option('--arch <a>', `${ARCHITECTURES.join('|')}`, 'shared-bottom')
    .option('--tasks <list>', 'tasks to train, e.g. click,cart,purchase')
    .option('--lambda <x>', 'weight of every task after the first', '1.0')
    .option('--task-weights <w>', "'uncertainty' or one weight per task")
    .option(
      '--epochs <n>',
      'passes over the training split',
      `${DEFAULT_TRAIN.epochs}`,
    )
    .option('--batch <b>', 'rows per step', `${DEFAULT_TRAIN.batchSize}`)
    .option('--lr <x>', 'Adam learning rate', '0.001')
    .option('--seed <s>', 'seed of initialisation and shuffling', '0')
    .option(
      '--threads <t>',
      'threads sharing the matrix products and the embedding work ' +
        '(results are the same for any count)',
      `${availableParallelism()}`,
    )
    .option(
      '--emb-dim <d>',
      'embedding width per field',
      `${DEFAULT_SHAPE.embDim}`,
    )
    .option(
      '--hidden <list>',
      'shared/expert MLP widths',
      DEFAULT_SHAPE.hidden.join(','),
    )
    .option(
      '--tower <list>',
      'tower hidden widths',
      DEFAULT_SHAPE.tower.join(','),
    )
    .option(
      '--experts <n>',
      'MMoE experts / PLE shared experts',
      `${DEFAULT_SHAPE.experts}`,
    )
    .option('--levels <n>', 'PLE extraction levels (1 or 2)', '1')
    .option(
      '--patience <n>',
      'early-stopping patience, 0 = off',
      `${DEFAULT_TRAIN.patience}`,
    )
    .option(
      '--sparse-optimizer <o>',
      'adam (lazy) or adagrad for embeddings',
      'adam',
    )
    .option(
      '--truncate <rate,steps>',
      'T-CE: drop up to rate of positives, ramped over steps',
    )
    .option('--restart', 'discard checkpoints instead of resuming')
    .option('--quiet', 'no progress bar or table on stderr')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (flags: Flags) => {
      const req = parseFlags(flags);
      const data = await loadPrepared(String(flags.data));
      const quiet = Boolean(flags.quiet);
      const threads = int(flags.threads, '--threads', 1);
      const ui: TrainUi & { stop?: () => void } = quiet ? {} : terminalUi();
      setKernelThreads(threads);
      const summary = await runTraining(req, data, ui);
      ui.stop?.();
      if (!quiet) process.stderr.write(metricsTable(summary.metrics) + '\n');
      if (flags.json) console.log(JSON.stringify(summary));
      else
        console.log(`wrote ${summary.out} (best epoch ${summary.bestEpoch})`);
    });
}

/** Validates the flags into a TrainRequest; throws UsageError. */
export function parseFlags(f: Flags): TrainRequest {
  const arch = String(f.arch ?? 'shared-bottom') as Architecture;
  if (!ARCHITECTURES.includes(arch)) {
    throw new UsageError(
      `--arch expects one of ${ARCHITECTURES.join(', ')}; got ${arch}`,
    );
  }
  const sparse = String(f.sparseOptimizer ?? 'adam');
  if (sparse !== 'adam' && sparse !== 'adagrad') {
    throw new UsageError(
      `--sparse-optimizer expects adam or adagrad; got ${sparse}`,
    );
  }
  return {
    out: String(f.out),
    arch,
    tasks: f.tasks ? list(f.tasks) : undefined,
    lambda: num(f.lambda ?? '1', '--lambda', 0),
    taskWeights: taskWeights(f.taskWeights),
    epochs: int(f.epochs ?? `${DEFAULT_TRAIN.epochs}`, '--epochs', 1),
    batch: int(f.batch ?? '1024', '--batch', 1),
    lr: num(f.lr ?? '0.001', '--lr', Number.MIN_VALUE),
    seed: int(f.seed ?? '0', '--seed', 0),
    embDim: int(f.embDim ?? '16', '--emb-dim', 1),
    hidden: ints(f.hidden ?? '256,128', '--hidden'),
    tower: ints(f.tower ?? '64', '--tower'),
    experts: int(f.experts ?? '4', '--experts', 1),
    levels: int(f.levels ?? '1', '--levels', 1),
    patience: int(f.patience ?? '2', '--patience', 0),
    sparse,
    truncation: f.truncate ? truncation(String(f.truncate)) : undefined,
    restart: Boolean(f.restart),
  };
}

function taskWeights(
  v: string | boolean | undefined,
): TrainRequest['taskWeights'] {
  if (v === undefined) return undefined;
  if (v === 'uncertainty') return 'uncertainty';
  return list(v).map((s) => num(s, '--task-weights', 0));
}

function truncation(v: string): TrainRequest['truncation'] {
  const [rate, steps] = v.split(',');
  return {
    maxRate: num(rate, '--truncate rate', 0),
    steps: int(steps, '--truncate steps', 1),
  };
}

/** A progress bar with samples/s and time left, and per-epoch lines. */
function terminalUi(): TrainUi & { stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: BAR_FORMAT,
      stream: process.stderr,
      etaBuffer: 50,
      hideCursor: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    progress(done, total, label) {
      if (!started) bar.start(total, done, { rate: '' });
      started = true;
      bar.update(done, { rate: label ?? '' });
    },
    epoch(r) {
      const auc = r.valid
        ? Object.entries(r.valid)
            .map(([t, m]) => `${t} ${m.auc?.toFixed(4) ?? '-'}`)
            .join(', ')
        : 'no valid split';
      bar.stop();
      started = false;
      process.stderr.write(
        `epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)}, ` +
          `${Math.round(r.samplesPerSecond)} samples/s, valid AUC ${auc}\n`,
      );
    },
    note(m) {
      process.stderr.write(m + '\n');
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
