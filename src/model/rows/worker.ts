/**
 * A row pool worker: waits for a posted job, takes chunks of it until none
 * is left, marks it done, and waits again.
 */
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
} from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { work } from './kernels.ts';
import {
  ERROR_BYTES,
  FAILED,
  finish,
  join,
  NEXT,
  readJob,
  SEQ,
  WORKED,
  type PortMessage,
} from './protocol.ts';

const data = workerData as {
  control: SharedArrayBuffer;
  floats: SharedArrayBuffer;
  errorText: SharedArrayBuffer;
  port: MessagePort;
  slot: number;
};
const ctl = new Int32Array(data.control);
const floats = new Float64Array(data.floats);
const buffers = new Map<number, SharedArrayBuffer>();
const claim = () => Atomics.add(ctl, NEXT, 1);

/** Takes in the buffers posted (or forgotten) since the last job. */
function drain(): void {
  for (let m; (m = receiveMessageOnPort(data.port));) {
    const msg = m.message as PortMessage;
    if ('forget' in msg) buffers.delete(msg.forget);
    else buffers.set(msg.id, msg.buffer);
  }
}

function fail(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : error;
  const bytes = new Uint8Array(data.errorText, 0, ERROR_BYTES);
  bytes.fill(0);
  new TextEncoder().encodeInto(String(text), bytes);
  Atomics.store(ctl, FAILED, 1);
}

let seen = 0;
parentPort!.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, SEQ, seen);
  seen = Atomics.load(ctl, SEQ);
  if (seen < 0) break;
  if (!join(ctl, data.slot, seen)) continue;
  try {
    drain();
    let chunks = -1;
    work(readJob(ctl, floats, buffers), () => (chunks++, claim()));
    Atomics.add(ctl, WORKED, chunks);
  } catch (error) {
    fail(error);
  }
  finish(ctl, data.slot, seen);
}
data.port.close();
