/**
 * The shared WebAssembly memory and the threads that run the gemm kernel
 * on it. The calling thread always takes a share of the rows; with
 * `setThreads(t)`, t - 1 worker threads take the others. Each element of C
 * is computed by the same instructions whichever thread computes it, so the
 * results do not depend on the number of threads.
 */
import { Worker } from 'node:worker_threads';
import { gemmModuleBytes, MAX_PAGES } from './gemm-module.ts';

export type GemmFn = (
  a: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  lda: number,
  accumulate: number,
) => void;

/** The job slots of one worker: [sequence, done, 8 arguments]. */
const SLOTS = 10;

/** Runs the kernel on jobs posted through a shared Int32Array. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, memory, control } = workerData;
const module = new WebAssembly.Module(bytes);
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  gemm(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9]);
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
parentPort.close();
`;

interface Helper {
  worker: Worker;
  ctl: Int32Array;
  seq: number;
}

export class GemmPool {
  readonly memory: WebAssembly.Memory;
  private readonly gemm: GemmFn;
  private readonly bytes: Uint8Array<ArrayBuffer>;
  private helpers: Helper[] = [];

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
  }

  /** Threads that share each product, the calling one included. */
  get threads(): number {
    return this.helpers.length + 1;
  }

  setThreads(t: number): void {
    while (this.helpers.length > t - 1) this.stopHelper();
    while (this.helpers.length < t - 1) this.startHelper();
  }

  /** C rows [0, m) of the product, split into multiples of 4 rows. */
  run(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    lda: number,
    accumulate: number,
  ): void {
    const fit = Math.floor(m / MIN_ROWS_PER_THREAD);
    const T = Math.max(1, Math.min(this.threads, fit));
    const share = Math.ceil(m / T / 4) * 4;
    const posted: Helper[] = [];
    for (let t = 1; t < T; t++) {
      const lo = t * share;
      if (lo >= m) break;
      const rows = Math.min(share, m - lo);
      const h = this.helpers[t - 1];
      h.ctl.set(
        [a + lo * lda * 4, b, c + lo * n * 4, rows, k, n, lda, accumulate],
        2,
      );
      Atomics.store(h.ctl, 0, ++h.seq);
      Atomics.notify(h.ctl, 0);
      posted.push(h);
    }
    this.gemm(a, b, c, Math.min(share, m), k, n, lda, accumulate);
    for (const h of posted) {
      let done;
      while ((done = Atomics.load(h.ctl, 1)) !== h.seq) {
        Atomics.wait(h.ctl, 1, done);
      }
    }
  }

  private startHelper(): void {
    const control = new SharedArrayBuffer(SLOTS * 4);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes: this.bytes, memory: this.memory, control },
    });
    worker.unref();
    this.helpers.push({ worker, ctl: new Int32Array(control), seq: 0 });
  }

  private stopHelper(): void {
    const h = this.helpers.pop() as Helper;
    Atomics.store(h.ctl, 0, -1);
    Atomics.notify(h.ctl, 0);
  }
}

/** Below this many rows per thread a product is not split. */
export const MIN_ROWS_PER_THREAD = 64;
