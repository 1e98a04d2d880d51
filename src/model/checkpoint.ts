/**
 * Checkpoints: the whole training state after an epoch, so an interrupted
 * run resumes exactly (weights, optimizer moments and step, history,
 * early-stopping state, dynamics so far). The shuffling of epoch e depends
 * only on the seed and e, so no generator state needs saving.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { decodeBundle, encodeBundle, type TypedArray } from './bundle.ts';
import type { Dynamics } from './dynamics.ts';
import { checkpointEpochs, writeAtomic } from './io.ts';
import type { TrainState } from './train-types.ts';
import type { Vec } from './tensor.ts';

interface Header {
  /** JSON of the run's config and options: resuming needs the same. */
  fingerprint: string;
  epoch: number;
  history: TrainState['history'];
  best: { epoch: number; score: number | null; stored: boolean };
  stale: number;
  step: number;
  params: number;
  moments: number[];
  dynamics: Omit<Dynamics, 'data'>;
}

export function checkpointPath(dir: string, epoch: number): string {
  return join(dir, 'checkpoints', `epoch-${epoch}.bin`);
}

/** Writes checkpoints/epoch-N.bin for the state after epoch N. */
export function saveCheckpoint(
  dir: string,
  state: TrainState,
  fingerprint: string,
): string {
  mkdirSync(join(dir, 'checkpoints'), { recursive: true });
  const storeBest =
    state.best.params !== null && state.best.epoch !== state.epoch;
  const { data, ...dyn } = state.dynamics;
  const header: Header = {
    fingerprint,
    epoch: state.epoch,
    history: state.history,
    best: {
      epoch: state.best.epoch,
      score: state.best.score,
      stored: storeBest,
    },
    stale: state.stale,
    step: state.optimizer.step,
    params: state.params.length,
    moments: state.optimizer.moments.map((m) => m.length),
    dynamics: dyn,
  };
  const arrays: TypedArray[] = [
    ...state.params,
    ...state.optimizer.moments.flat(),
    ...(storeBest ? (state.best.params as Vec[]) : []),
    data,
  ];
  const path = checkpointPath(dir, state.epoch);
  writeAtomic(path, encodeBundle(header, arrays));
  return path;
}

/**
 * The state of the latest checkpoint in `dir`, or null when there is none.
 * Throws a UsageError when it was written for a different configuration.
 */
export function loadLatestCheckpoint(
  dir: string,
  fingerprint: string,
): TrainState | null {
  const epochs = checkpointEpochs(dir);
  if (!epochs.length) return null;
  const path = checkpointPath(dir, epochs[epochs.length - 1]);
  const { header, arrays } = decodeBundle(readFileSync(path), path);
  const h = header as Header;
  if (h.fingerprint !== fingerprint) {
    throw new UsageError(
      `${path} was written by a run with different options; use a new ` +
        '--out directory or the same options to resume',
    );
  }
  let k = 0;
  const take = () => arrays[k++] as Vec;
  const params = Array.from({ length: h.params }, take);
  const moments = h.moments.map((n) => Array.from({ length: n }, take));
  const bestParams = h.best.stored ? params.map(take) : params;
  const data = arrays[k] as Dynamics['data'];
  return {
    epoch: h.epoch,
    params,
    optimizer: { step: h.step, moments },
    history: h.history,
    best: { epoch: h.best.epoch, score: h.best.score, params: bestParams },
    stale: h.stale,
    dynamics: { ...h.dynamics, data },
  };
}

/**
 * The model weights saved after epoch `epoch` (in parameter order), for
 * methods that look at the model as it was during training (TracIn).
 */
export function checkpointWeights(dir: string, epoch: number): Vec[] {
  const path = checkpointPath(dir, epoch);
  const { header, arrays } = decodeBundle(readFileSync(path), path);
  const h = header as Header;
  return arrays.slice(0, h.params) as Vec[];
}
