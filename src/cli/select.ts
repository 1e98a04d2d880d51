/** `winnow select`: a prepared dataset and its scores in, a derived one out. */
import type { Command } from 'commander';
import { loadPrepared } from '../data/load.ts';
import { UsageError } from '../errors.ts';
import { writeDerived } from '../strategies/derive.ts';
import { readScores } from '../strategies/scores-file.ts';
import {
  selectRows,
  STRATEGY_NAMES,
  strategyInput,
  type StrategyName,
} from '../strategies/select.ts';

type Flags = Record<string, string | boolean | undefined>;

export function registerSelect(program: Command): void {
  program
    .command('select')
    .description(
      'Optimize the training data by importance: prune, reweight, ' +
        'resample or denoise it within label strata, and write a derived ' +
        'prepared dataset (valid and test unchanged, provenance in its ' +
        'manifest).',
    )
    .requiredOption('--data <dir>', 'a prepared dataset (winnow prepare)')
    .requiredOption('--scores <file>', 'its scores table (winnow score)')
    .requiredOption('--strategy <s>', STRATEGY_NAMES.join('|'))
    .requiredOption('--out <dir>', 'the derived prepared dataset to write')
    .option('--keep <x>', 'fraction of training rows to keep', '0.5')
    .option('--column <c>', 'score column to rank by', 'importance')
    .option('--seed <s>', 'seed of resampling', '0')
    .option('--no-stratify', 'prune: rank all rows together (reweighted)')
    .option('--spread <x>', 'reweight: weights in [1-x, 1+x]', '0.5')
    .option('--floor <x>', 'resample: size floor (larger = more uniform)')
    .option('--rarity <x>', 'resample: exponent of stratum rarity')
    .option('--threshold <x>', 'denoise: noise threshold in [0, 1]', '0.5')
    .option('--mode <m>', 'denoise: drop|downweight', 'drop')
    .option(
      '--max-share <x>',
      'denoise: at most this share of each label stratum is treated, ' +
        'noisiest first',
      '0.2',
    )
    .option('--json', 'print the selection record as JSON')
    .action(async (flags: Flags) => {
      const strategy = String(flags.strategy) as StrategyName;
      if (!STRATEGY_NAMES.includes(strategy)) {
        throw new UsageError(
          `--strategy expects one of ${STRATEGY_NAMES.join(', ')}; ` +
            `got ${strategy}`,
        );
      }
      const dir = String(flags.data);
      process.stderr.write('select: loading the training split\n');
      const { splits } = await loadPrepared(dir, ['train']);
      const train = splits.train;
      const column = String(flags.column);
      const scores = await readScores(
        String(flags.scores),
        train.sampleId,
        column,
      );
      const noise = scores.noise.some((x) => !Number.isNaN(x))
        ? scores.noise
        : undefined;
      const selection = selectRows(
        strategy,
        strategyInput(train, scores.score, noise),
        {
          keep: num(flags.keep, '--keep'),
          seed: num(flags.seed, '--seed'),
          stratify: flags.stratify !== false,
          spread: num(flags.spread, '--spread'),
          floor: opt(flags.floor, '--floor'),
          rarity: opt(flags.rarity, '--rarity'),
          threshold: num(flags.threshold, '--threshold'),
          mode: String(flags.mode) as 'drop' | 'downweight',
          maxShare: num(flags.maxShare, '--max-share'),
        },
      );
      process.stderr.write('select: writing the derived dataset\n');
      await writeDerived({
        source: dir,
        sampleId: train.sampleId,
        selection,
        scores: { file: String(flags.scores), sha256: scores.sha256, column },
        out: String(flags.out),
      });
      const r = selection.record;
      if (flags.json) {
        console.log(JSON.stringify(r));
        return;
      }
      console.log(
        `wrote ${String(flags.out)}: ${r.strategy} kept ${r.kept} of ` +
          `${r.rows} rows; weights ${r.weights.min.toFixed(3)}..` +
          `${r.weights.max.toFixed(3)} (mean ${r.weights.mean.toFixed(3)})`,
      );
      const rates = (a: number[]) =>
        a.map((x) => (100 * x).toFixed(2) + '%').join(' ');
      console.log(`positive rates before: ${rates(r.positiveRate.before)}`);
      console.log(`weighted rates after:  ${rates(r.positiveRate.after)}`);
      console.log(`correction: ${r.correction}`);
    });
}

function num(v: unknown, flag: string): number {
  const x = Number(v);
  if (!Number.isFinite(x)) {
    throw new UsageError(`${flag} expects a number, got ${String(v)}`);
  }
  return x;
}

function opt(v: unknown, flag: string): number | undefined {
  return v === undefined ? undefined : num(v, flag);
}
