/** The subcommands, in the order `winnow --help` lists them. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerPrepare } from './prepare.ts';
import { registerTrain } from './train.ts';
import { registerExport } from './export.ts';
import { registerScore } from './score.ts';
import { registerEvaluateScores } from './evaluate-scores.ts';
import { registerReport } from './report.ts';
import { registerRank } from './rank.ts';
import { registerRecommend } from './recommend.ts';
import { registerProfile } from './profile.ts';
import { registerSegments } from './segments.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerServe } from './serve.ts';
import { registerSelect } from './select.ts';
import { registerExperiment } from './experiment.ts';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerDemo,
  registerGenerate,
  registerPrepare,
  registerTrain,
  registerScore,
  registerEvaluateScores,
  registerExport,
  registerReport,
  registerSelect,
  registerExperiment,
  registerRank,
  registerRecommend,
  registerProfile,
  registerSegments,
  registerEvaluate,
  registerServe,
];
