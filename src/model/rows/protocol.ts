/**
 * How the row pool posts a job to its worker threads: a shared Int32Array
 * of control slots and a Float64Array of constants. Arrays travel as
 * (buffer id, type, offset, length): each SharedArrayBuffer is sent to a
 * worker once, by message, and named by its id afterwards.
 */
import type { RowArray, RowJob } from './kernels.ts';

/** Bumped per job; -1 tells the workers to exit. */
export const SEQ = 0;
/** The next unclaimed chunk. */
export const NEXT = 1;
export const KIND = 2;
/** Set by a worker whose job or start-up failed; see ERROR_BYTES. */
export const FAILED = 3;
export const N_ARRAYS = 4;
export const N_INTS = 5;
export const N_FLOATS = 6;
/** Chunks the workers have run, all jobs together. */
export const WORKED = 7;
const ARRAYS = 8;
const MAX_ARRAYS = 8;
const INTS = ARRAYS + 4 * MAX_ARRAYS;
const MAX_INTS = 8;
export const MAX_FLOATS = 8;
/**
 * Then one state slot per worker: 2·seq once job seq is finished or was
 * done without it, 2·seq + 1 while it works on job seq. A worker joins a
 * job, and the posting thread gives up on a worker that has not, by one
 * compare-and-exchange each, so exactly one of them wins: a worker that
 * wakes after the job is over reads nothing of it, and a short job never
 * waits for a worker still waking up.
 */
export const STATE = INTS + MAX_INTS;
export const MAX_WORKERS = 15;
export const CONTROL_SLOTS = STATE + MAX_WORKERS;

/** A worker takes part in job `seq` if it is not yet over; true if so. */
export function join(ctl: Int32Array, slot: number, seq: number): boolean {
  const state = Atomics.load(ctl, slot);
  if (state >= 2 * seq) return false;
  return Atomics.compareExchange(ctl, slot, state, 2 * seq + 1) === state;
}

/** A worker has finished job `seq`. */
export function finish(ctl: Int32Array, slot: number, seq: number): void {
  Atomics.store(ctl, slot, 2 * seq);
  Atomics.notify(ctl, slot);
}

/**
 * The posting thread, its own share of job `seq` done, closes the job to
 * a worker that has not joined, or waits for one that has.
 */
export function settle(ctl: Int32Array, slot: number, seq: number): void {
  for (;;) {
    const state = Atomics.load(ctl, slot);
    if (state === 2 * seq) return;
    if (state < 2 * seq) {
      const was = Atomics.compareExchange(ctl, slot, state, 2 * seq);
      if (was === state) return;
    } else Atomics.wait(ctl, slot, state);
  }
}
/** Room for a failed worker's message, UTF-8. */
export const ERROR_BYTES = 1024;

function typeCode(a: RowArray): number {
  if (a instanceof Float32Array) return 0;
  if (a instanceof Float64Array) return 1;
  return 2;
}

/** Writes `job` into the control block; ids name the arrays' buffers. */
export function writeJob(
  ctl: Int32Array,
  floats: Float64Array,
  job: RowJob,
  ids: readonly number[],
): void {
  ctl[KIND] = job.kind;
  ctl[N_ARRAYS] = job.arrays.length;
  job.arrays.forEach((a, i) => {
    const o = ARRAYS + 4 * i;
    ctl[o] = ids[i];
    ctl[o + 1] = typeCode(a);
    ctl[o + 2] = a.byteOffset / a.BYTES_PER_ELEMENT;
    ctl[o + 3] = a.length;
  });
  ctl[N_INTS] = job.ints.length;
  for (let i = 0; i < job.ints.length; i++) ctl[INTS + i] = job.ints[i];
  ctl[N_FLOATS] = job.floats.length;
  for (let i = 0; i < job.floats.length; i++) floats[i] = job.floats[i];
}

/** Reads the posted job, looking buffers up by id. */
export function readJob(
  ctl: Int32Array,
  floats: Float64Array,
  buffers: ReadonlyMap<number, SharedArrayBuffer>,
): RowJob {
  const arrays: RowArray[] = [];
  for (let i = 0; i < ctl[N_ARRAYS]; i++) {
    const o = ARRAYS + 4 * i;
    const buffer = buffers.get(ctl[o]);
    if (!buffer) throw new Error(`row job names unknown buffer ${ctl[o]}`);
    arrays.push(view(buffer, ctl[o + 1], ctl[o + 2], ctl[o + 3]));
  }
  return {
    kind: ctl[KIND],
    arrays,
    ints: ctl.slice(INTS, INTS + ctl[N_INTS]),
    floats: floats.slice(0, ctl[N_FLOATS]),
  };
}

function view(
  buffer: SharedArrayBuffer,
  type: number,
  offset: number,
  length: number,
): RowArray {
  if (type === 0) return new Float32Array(buffer, offset * 4, length);
  if (type === 1) return new Float64Array(buffer, offset * 8, length);
  return new Int32Array(buffer, offset * 4, length);
}

/** Messages on a worker's port. */
export type PortMessage =
  { id: number; buffer: SharedArrayBuffer } | { forget: number };
