// Starts worker.ts in a worker thread: TypeScript is loaded through tsx,
// as bin/winnow.js does for the command line. A failed start is reported
// through the control block, where the posting thread looks.
import { TextEncoder } from 'node:util';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  register();
  await import('./worker.ts');
} catch (error) {
  // The posting thread does every job alone and then reports this.
  const ctl = new Int32Array(workerData.control);
  const text = `row worker could not start: ${error?.stack ?? error}`;
  new TextEncoder().encodeInto(text, new Uint8Array(workerData.errorText));
  Atomics.store(ctl, 3, 1);
}
