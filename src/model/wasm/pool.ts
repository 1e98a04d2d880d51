/**
 * The shared WebAssembly memory and the threads that run the gemm kernel
 * on it. The calling thread always takes a share of the rows; with
 * `setThreads(t)`, t - 1 worker threads take the others. Each element of C
 * is computed by the same instructions whichever thread computes it, so the
 * results do not depend on the number of threads.
 */
import { Worker } from 'node:worker_threads';
import { settle } from '../rows/protocol.ts';
import { gemmModuleBytes, MAX_PAGES } from './gemm-module.ts';

export type GemmFn = (
  a: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  arow: number,
  astep: number,
  accumulate: number,
  bias: number,
  relu: number,
) => void;

/**
 * The shared job slots: [sequence, next row, 11 arguments, then one state
 * slot per worker, as the row pool's (see ../rows/protocol.ts): a worker
 * joins a product or the calling thread closes it to that worker, by one
 * compare-and-exchange each]. Threads claim CHUNK_ROWS rows of C at a time
 * from "next row", so a thread that is descheduled does not hold the
 * others up, and a worker slow to wake does not hold up a small product.
 */
const ARGS = 2;
const ARGS_END = ARGS + 11;
const STATE = ARGS_END;
const CHUNK_ROWS = 32;

/**
 * Runs the posted product on chunks of rows until none is left. The
 * workers run the same loop, written out in WORKER_SOURCE.
 */
function claimRows(ctl: Int32Array, gemm: GemmFn): void {
  const [a, b, c, m, k, n, arow, astep, acc, bias, relu] = ctl.subarray(
    ARGS,
    ARGS_END,
  );
  for (;;) {
    const lo = Atomics.add(ctl, 1, CHUNK_ROWS);
    if (lo >= m) return;
    const rows = Math.min(CHUNK_ROWS, m - lo);
    const at = a + lo * arow;
    gemm(at, b, c + lo * n * 4, rows, k, n, arow, astep, acc, bias, relu);
  }
}

/** Runs the kernel on jobs posted through a shared Int32Array. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, memory, control, slot } = workerData;
const module = new WebAssembly.Module(bytes);
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
function claimRows() {
  const [a, b, c, m, k, n, arow, astep, acc, bias, relu] =
    ctl.subarray(${ARGS}, ${ARGS_END});
  for (;;) {
    const lo = Atomics.add(ctl, 1, ${CHUNK_ROWS});
    if (lo >= m) return;
    const rows = Math.min(${CHUNK_ROWS}, m - lo);
    const at = a + lo * arow;
    gemm(at, b, c + lo * n * 4, rows, k, n, arow, astep, acc, bias, relu);
  }
}
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  const state = Atomics.load(ctl, slot);
  if (state >= 2 * seen) continue;
  if (Atomics.compareExchange(ctl, slot, state, 2 * seen + 1) !== state) {
    continue;
  }
  claimRows();
  Atomics.store(ctl, slot, 2 * seen);
  Atomics.notify(ctl, slot);
}
parentPort.close();
`;

export class GemmPool {
  readonly memory: WebAssembly.Memory;
  private readonly gemm: GemmFn;
  private readonly bytes: Uint8Array<ArrayBuffer>;
  private ctl: Int32Array;
  private workers: Worker[] = [];
  private seq = 0;

  constructor() {
    this.bytes = gemmModuleBytes();
    this.memory = new WebAssembly.Memory({
      initial: 1,
      maximum: MAX_PAGES,
      shared: true,
    });
    const module = new WebAssembly.Module(this.bytes);
    const env = { memory: this.memory };
    const inst = new WebAssembly.Instance(module, { env });
    this.gemm = inst.exports.gemm as GemmFn;
    this.ctl = newControl();
  }

  /** Threads that share each product, the calling one included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  setThreads(t: number): void {
    const want = Math.min(t - 1, MAX_WORKERS);
    if (want === this.workers.length) return;
    this.stopWorkers();
    this.ctl = newControl();
    for (let w = 0; w < want; w++) this.startWorker(STATE + w);
  }

  /** C rows [0, m) of the product; m and n as the kernel requires. */
  run(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    arow: number,
    astep: number,
    accumulate: number,
    bias = 0,
    relu = 0,
  ): void {
    const ctl = this.ctl;
    ctl.set([a, b, c, m, k, n, arow, astep, accumulate, bias, relu], ARGS);
    if (this.workers.length === 0 || m < 2 * CHUNK_ROWS) {
      ctl[1] = 0;
      claimRows(ctl, this.gemm);
      return;
    }
    Atomics.store(ctl, 1, 0);
    const seq = ++this.seq;
    Atomics.store(ctl, 0, seq);
    Atomics.notify(ctl, 0);
    claimRows(ctl, this.gemm);
    for (let w = 0; w < this.workers.length; w++) settle(ctl, STATE + w, seq);
  }

  private startWorker(slot: number): void {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        bytes: this.bytes,
        memory: this.memory,
        control: this.ctl.buffer,
        slot,
      },
    });
    worker.unref();
    this.workers.push(worker);
  }

  private stopWorkers(): void {
    if (!this.workers.length) return;
    Atomics.store(this.ctl, 0, -1);
    Atomics.notify(this.ctl, 0);
    this.workers = [];
    this.seq = 0;
  }
}

/** A fresh control block: old workers keep the old one and exit. */
function newControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer((STATE + MAX_WORKERS) * 4));
}

/** At most this many worker threads. */
export const MAX_WORKERS = 15;
