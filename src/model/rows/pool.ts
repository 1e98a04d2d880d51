/**
 * Runs row jobs (see kernels.ts) on the calling thread and, with
 * `setThreads(t)`, t - 1 worker threads. Training's row-sparse work (the
 * embedding lookups, their gradient, lazy Adam) waits on scattered memory
 * more than it computes, so two threads each waiting on their own rows
 * finish it in about half the time. Jobs whose arrays are not all backed
 * by SharedArrayBuffers, and jobs of one chunk, run on the calling thread.
 * Results are the same bytes for any number of threads.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { chunkCount, work, type RowJob } from './kernels.ts';
import {
  CONTROL_SLOTS,
  ERROR_BYTES,
  FAILED,
  MAX_FLOATS,
  MAX_WORKERS,
  NEXT,
  SEQ,
  settle,
  STATE,
  WORKED,
  writeJob,
  type PortMessage,
} from './protocol.ts';

interface Thread {
  worker: Worker;
  port: MessagePort;
  /** Settles once the worker waits for jobs, or has failed. */
  up: Promise<void>;
}

const shared = (n: number) => new SharedArrayBuffer(n);

export class RowPool {
  private wanted = 1;
  private threads: Thread[] = [];
  private ctl = new Int32Array(shared(CONTROL_SLOTS * 4));
  private readonly floats = new Float64Array(shared(MAX_FLOATS * 8));
  private readonly errorText = shared(ERROR_BYTES);
  private ids = new WeakMap<SharedArrayBuffer, number>();
  private nextId = 1;
  private seq = 0;
  /** Tells the workers when a buffer they hold is gone from here. */
  private readonly gone = new FinalizationRegistry<number>((id) =>
    this.post({ forget: id }),
  );
  private readonly claim = () => Atomics.add(this.ctl, NEXT, 1);

  /** Threads that share each job, the calling one included. */
  setThreads(t: number): void {
    const want = Math.max(1, Math.min(Math.floor(t), MAX_WORKERS + 1));
    if (want === this.wanted) return;
    this.wanted = want;
    this.stop();
  }

  /** True when jobs are shared with worker threads. */
  get parallel(): boolean {
    return this.wanted > 1;
  }

  run(job: RowJob): void {
    const sharedArrays = job.arrays.every(
      (a) => a.buffer instanceof SharedArrayBuffer,
    );
    if (!this.parallel || !sharedArrays || chunkCount(job) < 2) {
      let c = 0;
      work(job, () => c++);
      return;
    }
    if (!this.threads.length) this.start();
    const ids = job.arrays.map((a) => this.idOf(a.buffer as SharedArrayBuffer));
    const ctl = this.ctl;
    writeJob(ctl, this.floats, job, ids);
    Atomics.store(ctl, NEXT, 0);
    const seq = ++this.seq;
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ);
    try {
      work(job, this.claim);
    } catch (error) {
      this.settleAll(seq);
      this.stop();
      throw error;
    }
    this.settleAll(seq);
    if (Atomics.load(ctl, FAILED)) this.failed();
  }

  /** Chunks worker threads have run since they started (for tests). */
  get workerChunks(): number {
    return Atomics.load(this.ctl, WORKED);
  }

  private settleAll(seq: number): void {
    for (let w = 0; w < this.threads.length; w++) {
      settle(this.ctl, STATE + w, seq);
    }
  }

  private idOf(buffer: SharedArrayBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(buffer, id);
      this.post({ id, buffer });
      this.gone.register(buffer, id);
    }
    return id;
  }

  private post(msg: PortMessage): void {
    for (const t of this.threads) t.port.postMessage(msg);
  }

  private start(): void {
    const entry = new URL('./worker-entry.js', import.meta.url);
    for (let w = 0; w < this.wanted - 1; w++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = {
        control: this.ctl.buffer,
        floats: this.floats.buffer,
        errorText: this.errorText,
        port: port2,
        slot: STATE + w,
      };
      // No inherited loader flags: the entry registers tsx itself.
      const worker = new Worker(entry, {
        workerData,
        transferList: [port2],
        execArgv: [],
      });
      port1.unref();
      // Held until the worker waits for jobs, so that awaiting `ready()`
      // keeps the process alive; unreferenced after, like the gemm pool's.
      const up = new Promise<void>((resolve) => {
        const done = () => {
          worker.unref();
          resolve();
        };
        worker.once('message', done);
        worker.once('error', done);
        worker.once('exit', done);
      });
      this.threads.push({ worker, port: port1, up });
    }
  }

  /**
   * Starts the worker threads if they are wanted and not running, and
   * resolves once they wait for jobs (or failed to start, which the next
   * job reports). Jobs posted before then run without the workers that
   * are still starting.
   */
  async ready(): Promise<void> {
    if (!this.parallel) return;
    if (!this.threads.length) this.start();
    await Promise.all(this.threads.map((t) => t.up));
  }

  /** Stops the workers; the next parallel job starts fresh ones. */
  private stop(): void {
    if (!this.threads.length) return;
    Atomics.store(this.ctl, SEQ, -1);
    Atomics.notify(this.ctl, SEQ);
    for (const t of this.threads) t.port.close();
    this.threads = [];
    // Old workers keep the old control block; new ones get a new one and
    // are sent every buffer again.
    this.ctl = new Int32Array(shared(CONTROL_SLOTS * 4));
    this.ids = new WeakMap();
    this.seq = 0;
  }

  private failed(): never {
    const bytes = new Uint8Array(this.errorText);
    const end = bytes.indexOf(0);
    const text = new TextDecoder().decode(
      bytes.slice(0, end < 0 ? bytes.length : end),
    );
    this.stop();
    throw new Error(text || 'a row worker failed');
  }
}

let pool: RowPool | undefined;

/** The process's row pool (one thread until `setThreads`). */
export function rowPool(): RowPool {
  return (pool ??= new RowPool());
}
