/** `winnow prepare`: raw logs in, a prepared dataset directory out. */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { readConfigFile } from '../data/config.ts';
import { prepare } from '../data/prepare.ts';
import { describePresets, presetConfig } from '../data/presets.ts';
import { stepReporter } from './progress.ts';

interface PrepareFlags {
  config?: string;
  preset?: string;
  data?: string;
  out: string;
  seed?: string;
  quiet?: boolean;
  json?: boolean;
}

export function registerPrepare(program: Command): void {
  program
    .command('prepare')
    .description(
      'Clean, join, split and encode behaviour logs into a prepared ' +
        'dataset (manifest.json, quality.json, Parquet samples per split).',
    )
    .option('--config <file>', 'a JSON or YAML configuration')
    .option('--preset <name>', 'a known dataset layout (see below)')
    .option('--data <path>', 'the folder a preset reads')
    .requiredOption('--out <dir>', 'the prepared dataset directory to write')
    .option('--seed <s>', 'override the configured seed')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the manifest as JSON')
    .addHelpText('after', `\nPresets:\n${describePresets()}`)
    .action(async (flags: PrepareFlags) => {
      let config;
      if (flags.config && flags.preset) {
        throw new UsageError('give either --config or --preset, not both');
      }
      if (flags.config) config = readConfigFile(flags.config);
      else if (flags.preset) {
        if (!flags.data) throw new UsageError('--preset needs --data PATH');
        config = presetConfig(flags.preset, flags.data);
      } else {
        throw new UsageError('give --config FILE or --preset NAME --data PATH');
      }
      if (flags.seed !== undefined) {
        const seed = Number(flags.seed);
        if (!Number.isInteger(seed)) {
          throw new UsageError(`--seed expects an integer; got ${flags.seed}`);
        }
        config = { ...config, seed };
      }
      const progress = stepReporter('prepare', flags.quiet);
      const { outDir, manifest } = await prepare(config, flags.out, (s, d, t) =>
        progress.step(s, d, t),
      );
      progress.done();
      if (flags.json) {
        console.log(JSON.stringify(manifest));
        return;
      }
      const r = manifest.rows;
      const rates = manifest.tasks
        .map(
          (t) => `${t.name} ${(100 * (t.positiveRate.train ?? 0)).toFixed(2)}%`,
        )
        .join(', ');
      console.log(
        `wrote ${outDir}: train ${r.train}, valid ${r.valid}, test ${r.test} ` +
          `samples; ${manifest.features.length} features; ` +
          `train positive rates: ${rates}`,
      );
    });
}
