/**
 * Where an experiment's runs train: in the calling thread, or spread over
 * worker threads, each holding its own copy of the splits and training
 * one run at a time. Runs are independent and seeded, so a run gives the
 * same result wherever it trains.
 */
import { Worker } from 'node:worker_threads';
import {
  trainUnit,
  withoutKeys,
  type UnitData,
  type UnitJob,
  type UnitResult,
} from './train-unit.ts';

export interface UnitRunner {
  run(job: UnitJob): Promise<UnitResult>;
  close(): Promise<void>;
}

/** Trains every run in the calling thread. */
export function inlineRunner(data: UnitData): UnitRunner {
  return {
    run: (job) => trainUnit(data, job),
    close: async () => {},
  };
}

interface Pending {
  resolve: (r: UnitResult) => void;
  reject: (e: Error) => void;
}

/** Trains runs on `jobs` worker threads, one run per worker at a time. */
export function workerRunner(data: UnitData, jobs: number): UnitRunner {
  const shared: UnitData = {
    train: withoutKeys(data.train),
    valid: data.valid && withoutKeys(data.valid),
    test: withoutKeys(data.test),
  };
  const entry = new URL('./unit-worker-entry.js', import.meta.url);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const idle: Worker[] = [];
  const waiting: (() => void)[] = [];
  const wake = () => waiting.shift()?.();
  let failure: Error | null = null;
  let closing = false;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    while (waiting.length) wake();
  };
  const workers = Array.from({ length: jobs }, () => {
    // No inherited loader flags: the entry registers tsx itself.
    const w = new Worker(entry, { workerData: shared, execArgv: [] });
    w.on(
      'message',
      (m: { id: number; result?: UnitResult; error?: string }) => {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result!);
        idle.push(w);
        wake();
      },
    );
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0 && !closing)
        fail(new Error(`an experiment worker exited (${code})`));
    });
    return w;
  });
  idle.push(...workers);
  return {
    run: async (job) => {
      while (!idle.length) {
        if (failure) throw failure;
        await new Promise<void>((go) => waiting.push(go));
      }
      if (failure) throw failure;
      const w = idle.pop()!;
      const id = nextId++;
      return new Promise<UnitResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, job });
      });
    },
    close: async () => {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
