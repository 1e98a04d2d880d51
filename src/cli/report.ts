/** `winnow report`: writes a run's self-contained HTML report. */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { SECTIONS } from '../report/data.ts';
import { gatherReport } from '../report/gather.ts';
import { renderReport } from '../report/render.ts';

export interface ReportCommandOptions {
  run: string;
  out: string;
  seed: string;
}

function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--seed expects a non-negative integer; got '${v}'.`);
  }
  return n;
}

/** Writes `text` to `file` through a temporary name, then renames it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.tmp`,
  );
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(
        `--out ${file}: its folder does not exist; create it first.`,
      );
    }
    throw error;
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write one self-contained HTML report (opens offline) of a run: ' +
        'data, model, importance, effect, samples and users.',
    )
    .requiredOption('--run <dir>', 'run directory (from `winnow demo`)')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--seed <s>', 'seed of the samples drawn for charts', '1')
    .action(async (o: ReportCommandOptions) => {
      const data = await gatherReport(o.run, {
        seed: parseSeed(o.seed),
        generated: new Date().toISOString(),
      });
      await writeAtomically(o.out, renderReport(data));
      const shown = SECTIONS.filter((k) => data[k] !== undefined);
      console.log(
        `wrote ${o.out} (sections: ${shown.join(', ') || 'none yet'})`,
      );
    });
}
