/**
 * The `winnow` command. Each subcommand lives in its own file and registers
 * itself here; this is the only place that turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { DataError, UsageError } from '../errors.ts';
import { COMMANDS } from './commands.ts';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('winnow')
    .description(
      'Sample importance for multi-task e-commerce ranking models.\n' +
        'Prepare logs, train, score every sample, optimize the data, ' +
        'apply the model.',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI on `argv` and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    const done = ['commander.helpDisplayed', 'commander.version'];
    return done.includes(error.code) || error.exitCode === 0
      ? EXIT_OK
      : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    console.error(`winnow: ${error.message}`);
    return EXIT_USAGE;
  }
  if (error instanceof DataError) {
    console.error(`winnow: data error: ${error.message}`);
    return EXIT_USAGE;
  }
  console.error('winnow: internal error (please report it):');
  console.error(
    error instanceof Error ? (error.stack ?? error.message) : error,
  );
  return EXIT_INTERNAL;
}
