/**
 * `winnow evaluate-scores`: how well each score column finds samples known
 * to be bad (the generator's truth file, or a flag column kept by
 * `prepare`), next to random scores: AUROC, AUPRC, precision at k (k = the
 * number of flagged samples) and F1 at k.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { writeAtomic } from '../model/io.ts';
import {
  evaluateScores,
  type ScoreEvaluation,
} from '../importance/evaluate.ts';
import { readFlags, readScoreColumns } from './flags-file.ts';

/**
 * Which way each column points: +1 when a high value marks a bad sample,
 * -1 when a low value does. Columns not listed are not evaluated. The
 * orientation is fixed in advance, never chosen from the result.
 */
export const ORIENTATION: Record<string, 1 | -1> = {
  noise: 1,
  importance: -1,
  loss: 1,
  el2n: 1,
  grand: 1,
  confidence: -1,
  correctness: -1,
  forgetting: 1,
  aum: -1,
  influence: -1,
  knn_shapley: -1,
};

interface Flags {
  data: string;
  scores: string;
  truth?: string;
  flag?: string;
  noisyValue: string;
  out?: string;
  json?: boolean;
}

export function registerEvaluateScores(program: Command): void {
  program
    .command('evaluate-scores')
    .description(
      'Measure how well each score finds known bad samples, against ' +
        'random scores: AUROC, AUPRC, precision@k, F1@k.',
    )
    .requiredOption('--data <dir>', 'the prepared dataset that was scored')
    .requiredOption('--scores <file>', 'the table from winnow score')
    .option('--truth <file>', "a generated world's truth.csv")
    .option('--flag <column>', 'an evaluation column of the dataset')
    .option('--noisy-value <v>', 'the --flag value that marks noise', '0')
    .option('--out <file>', 'also write the evaluation as JSON')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: Flags) => {
      if (Boolean(flags.truth) === Boolean(flags.flag)) {
        throw new UsageError(
          'give exactly one of --truth FILE or --flag COLUMN',
        );
      }
      const known = await readFlags(flags.data, {
        truth: flags.truth,
        flag: flags.flag,
        noisyValue: Number(flags.noisyValue),
      });
      const columns = await readScoreColumns(
        flags.scores,
        known.sampleId,
        Object.keys(ORIENTATION),
      );
      const oriented: Record<string, Float32Array> = {};
      for (const [name, values] of Object.entries(columns)) {
        const sign = ORIENTATION[name];
        oriented[name] = sign > 0 ? values : values.map((v) => -v);
      }
      const evaluation = evaluateScores(oriented, known.flags, { seed: 0 });
      const report = { source: known.source, ...evaluation };
      if (flags.out) {
        writeAtomic(flags.out, `${JSON.stringify(report, null, 2)}\n`);
      }
      console.log(flags.json ? JSON.stringify(report) : table(report));
    });
}

function table(e: ScoreEvaluation & { source: string }): string {
  const f = (x: number) => x.toFixed(3).padStart(7);
  const rows = Object.entries(e.methods)
    .sort((a, b) => b[1].auroc - a[1].auroc)
    .map(
      ([name, m]) =>
        `${name.padEnd(12)}${f(m.auroc)}${f(m.auprc)}${f(m.precisionAtK)}${f(m.f1)}`,
    );
  const r = e.random;
  return [
    `${e.flagged} of ${e.rows} samples flagged (${e.source})`,
    `${'score'.padEnd(12)}  AUROC  AUPRC   P@k     F1`,
    ...rows,
    `${'random'.padEnd(12)}${f(r.auroc)}${f(r.auprc)}${f(r.precisionAtK)}${f(r.f1)}`,
  ].join('\n');
}
