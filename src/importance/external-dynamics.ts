/**
 * Training dynamics logged by another framework, so that any trainer can
 * use the methods that need no Winnow model (loss, el2n, dynamics,
 * coverage, noise, importance).
 *
 * Layout: a table (CSV with a header line, or Parquet) with one row per
 * sample, epoch and task:
 *
 *   sample_id  integer  the sample's id in the prepared dataset
 *   epoch      integer  the epoch after which the prediction was made;
 *                       any start (0 or 1), but every epoch from the
 *                       smallest to the largest must be present
 *   task       string   the task's name, as in the manifest (e.g. click)
 *   prob       number   the predicted probability of label 1, in [0, 1]
 *   label      0 or 1   optional; the training label of the sample
 *
 * Rows may come in any order; each (sample_id, epoch, task) exactly once.
 */
import { DataError, UsageError } from '../errors.ts';
import type { DynamicsTensor, Labelled } from './types.ts';

/** The columns of an already-read table, one entry per data row. */
export interface ExternalDynamicsRows {
  sampleId: ArrayLike<number>;
  epoch: ArrayLike<number>;
  task: ArrayLike<string>;
  prob: ArrayLike<number>;
  label?: ArrayLike<number>;
}

export interface ParseDynamicsOptions {
  /** The task names, in the order of the tensor's task axis. */
  tasks: readonly string[];
  /**
   * The training split's sample ids, in row order; the tensor follows it.
   * Without it the rows are the distinct ids in increasing order.
   */
  sampleIds?: Int32Array;
  /** The file, for messages. */
  file?: string;
  /** The line of the first data row, for messages. Default 2 (CSV). */
  firstLine?: number;
}

export interface ParsedDynamics {
  dynamics: DynamicsTensor;
  /** The sample id of each tensor row. */
  sampleIds: Int32Array;
  /** Epoch number of each tensor epoch. */
  epochs: number[];
  /** Labels when the table had a label column, else null. */
  labels: Labelled | null;
}

/**
 * Builds the `epochs x rows x tasks` dynamics tensor from rows in the
 * layout above, with a DataError naming the line for an unknown sample or
 * task, a probability outside [0, 1], a duplicate, a missing epoch or a
 * label that changes between epochs. O(table rows).
 */
export function parseExternalDynamics(
  table: ExternalDynamicsRows,
  options: ParseDynamicsOptions,
): ParsedDynamics {
  const n = checkColumns(table);
  const at = locator(options);
  const sampleIds = options.sampleIds ?? distinctIds(table.sampleId, at);
  const rowOf = new Map<number, number>();
  sampleIds.forEach((id, r) => rowOf.set(id, r));
  const taskOf = new Map(options.tasks.map((t, i) => [t, i]));
  const epochs = epochRange(table.epoch, at);
  const T = options.tasks.length;
  const R = sampleIds.length;
  const probs = new Float32Array(epochs.length * R * T);
  const filled = new Uint8Array(probs.length);
  const labels = table.label ? new Float32Array(R * T).fill(-1) : null;
  for (let i = 0; i < n; i++) {
    const r = rowOf.get(table.sampleId[i]);
    if (r === undefined) {
      throw at(
        i,
        'sample_id',
        `sample_id ${table.sampleId[i]} is not in ` +
          'the training split; log the training rows of this dataset',
      );
    }
    const t = taskOf.get(table.task[i]);
    if (t === undefined) {
      throw at(
        i,
        'task',
        `unknown task "${table.task[i]}"; expected one ` +
          `of ${options.tasks.join(', ')}`,
      );
    }
    const p = table.prob[i];
    if (!(p >= 0 && p <= 1)) {
      throw at(
        i,
        'prob',
        `prob ${p} is outside [0, 1]; log probabilities, ` + 'not logits',
      );
    }
    const cell = ((table.epoch[i] - epochs[0]) * R + r) * T + t;
    if (filled[cell]) {
      throw at(
        i,
        'epoch',
        `sample ${table.sampleId[i]}, epoch ` +
          `${table.epoch[i]}, task ${table.task[i]} appears twice`,
      );
    }
    filled[cell] = 1;
    probs[cell] = p;
    if (labels && table.label)
      setLabel(labels, r * T + t, table.label[i], i, at);
  }
  checkComplete(filled, epochs, sampleIds, options.tasks, options.file);
  const dynamics = { epochs: epochs.length, rows: R, tasks: T, probs };
  const lab = labels ? { rows: R, tasks: T, labels } : null;
  return { dynamics, sampleIds, epochs, labels: lab };
}

/** More epochs than this is taken for a logging mistake. */
const MAX_EPOCHS = 10000;

type Locate = (row: number, column: string, message: string) => DataError;

function locator(options: ParseDynamicsOptions): Locate {
  const first = options.firstLine ?? 2;
  return (row, column, message) =>
    new DataError(message, { file: options.file, line: first + row, column });
}

function checkColumns(table: ExternalDynamicsRows): number {
  const n = table.sampleId.length;
  const cols: [string, { length: number } | undefined][] = [
    ['epoch', table.epoch],
    ['task', table.task],
    ['prob', table.prob],
    ['label', table.label],
  ];
  for (const [name, col] of cols) {
    if (col && col.length !== n) {
      throw new UsageError(
        `column ${name} has ${col.length} values but sample_id has ${n}`,
      );
    }
  }
  if (n === 0) throw new DataError('the dynamics table has no rows');
  return n;
}

function distinctIds(ids: ArrayLike<number>, at: Locate): Int32Array {
  const set = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    if (!Number.isInteger(ids[i])) {
      throw at(i, 'sample_id', `sample_id ${ids[i]} is not an integer`);
    }
    set.add(ids[i]);
  }
  return Int32Array.from(set).sort();
}

/** The consecutive epoch numbers, smallest to largest. */
function epochRange(epoch: ArrayLike<number>, at: Locate): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < epoch.length; i++) {
    const e = epoch[i];
    if (!Number.isInteger(e) || e < 0) {
      throw at(i, 'epoch', `epoch ${e} is not an integer >= 0`);
    }
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  if (hi - lo >= MAX_EPOCHS) {
    throw new DataError(
      `epochs run from ${lo} to ${hi}; at most ${MAX_EPOCHS} consecutive ` +
        'epochs are supported (log one prediction per epoch)',
    );
  }
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

function setLabel(
  labels: Float32Array,
  cell: number,
  y: number,
  i: number,
  at: Locate,
): void {
  if (y !== 0 && y !== 1) throw at(i, 'label', `label ${y} is not 0 or 1`);
  if (labels[cell] >= 0 && labels[cell] !== y) {
    throw at(
      i,
      'label',
      `label ${y} differs from the same sample and ` +
        `task's label ${labels[cell]} at another epoch`,
    );
  }
  labels[cell] = y;
}

/** Throws naming the first (epoch, sample, task) never given. */
function checkComplete(
  filled: Uint8Array,
  epochs: number[],
  ids: Int32Array,
  tasks: readonly string[],
  file?: string,
): void {
  const missing = filled.indexOf(0);
  if (missing < 0) return;
  const T = tasks.length;
  const e = Math.floor(missing / (ids.length * T));
  const r = Math.floor(missing / T) % ids.length;
  throw new DataError(
    `epoch ${epochs[e]} is missing for sample ${ids[r]}, task ` +
      `${tasks[missing % T]}; every sample needs a prediction for every ` +
      `epoch from ${epochs[0]} to ${epochs[epochs.length - 1]} and task`,
    { file },
  );
}
