// Starts unit-worker.ts in a worker thread: TypeScript is loaded through
// tsx, as bin/winnow.js does for the command line.
import { register } from 'tsx/esm/api';

register();
await import('./unit-worker.ts');
