/**
 * Progress on stderr: a line per step with the elapsed time, or nothing
 * when quiet. Results go to stdout; progress never does.
 */
export interface StepReporter {
  step(label: string, done?: number, total?: number): void;
  done(): void;
}

export function stepReporter(command: string, quiet = false): StepReporter {
  const start = Date.now();
  let last = '';
  return {
    step(label, done, total) {
      if (quiet || label === last) return;
      last = label;
      const seconds = ((Date.now() - start) / 1000).toFixed(1);
      const of = total ? ` [${done}/${total}]` : '';
      process.stderr.write(`${command}${of} ${label} (${seconds} s)\n`);
    },
    done() {
      if (quiet) return;
      const seconds = ((Date.now() - start) / 1000).toFixed(1);
      process.stderr.write(`${command}: finished in ${seconds} s\n`);
    },
  };
}
