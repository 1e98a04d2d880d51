/** The subcommands, in the order `winnow --help` lists them. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerPrepare } from './prepare.ts';
import { registerTrain } from './train.ts';
import { registerExport } from './export.ts';
import { registerReport } from './report.ts';
import { registerSelect } from './select.ts';
import { registerExperiment } from './experiment.ts';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerDemo,
  registerGenerate,
  registerPrepare,
  registerTrain,
  registerExport,
  registerReport,
  registerSelect,
  registerExperiment,
];
