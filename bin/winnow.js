#!/usr/bin/env node
// Entry point of the `winnow` command: loads the TypeScript CLI through tsx,
// so that the package runs from source with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
