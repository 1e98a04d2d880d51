/**
 * Training dynamics: each training sample's predicted probability per task
 * at the end of every epoch, epochs x rows x T. Stored as uint16 (p·65535,
 * an absolute error below 8e-6) or float32.
 */
export type DynamicsEncoding = 'uint16' | 'float32';

export const UINT16_SCALE = 65535;

export interface Dynamics {
  encoding: DynamicsEncoding;
  epochs: number;
  rows: number;
  tasks: string[];
  /** epochs x rows x T, row order of the training split. */
  data: Uint16Array | Float32Array;
}

export function emptyDynamics(
  encoding: DynamicsEncoding,
  rows: number,
  tasks: string[],
): Dynamics {
  const data = encoding === 'uint16' ? new Uint16Array(0) : new Float32Array(0);
  return { encoding, epochs: 0, rows, tasks, data };
}

/** Returns `d` with one more epoch of rows x T probabilities appended. */
export function appendEpoch(d: Dynamics, probs: Float32Array): Dynamics {
  const n = d.rows * d.tasks.length;
  const size = (d.epochs + 1) * n;
  const data =
    d.encoding === 'uint16' ? new Uint16Array(size) : new Float32Array(size);
  data.set(d.data.subarray(0, d.epochs * n));
  const at = d.epochs * n;
  if (d.encoding === 'float32') data.set(probs, at);
  else
    for (let i = 0; i < n; i++)
      data[at + i] = Math.round(probs[i] * UINT16_SCALE);
  return { ...d, epochs: d.epochs + 1, data };
}

/**
 * Each training sample's gradient norms, measured by the training steps of
 * one epoch (the one whose weights the model holds): per row and task, the
 * exact norm of the gradient of that row's unweighted task loss with
 * respect to the towers, the heads and the trunk's last shared layers, at
 * the weights of the step that visited the row. `Inspection.gradNorm`
 * measures the same at fixed final weights, for a forward and backward
 * pass more. NaN where the row's weight was 0 in that step (T-CE, zero
 * sample weights): its own norm was not computed.
 */
export interface GradNorms {
  /** 1-based epoch. */
  epoch: number;
  rows: number;
  tasks: string[];
  /** rows x T, row order of the training split. */
  data: Float32Array;
}

/** The probability of (epoch, row, task) as a float. */
export function dynamicsAt(
  d: Dynamics,
  epoch: number,
  row: number,
  task: number,
): number {
  const v = d.data[(epoch * d.rows + row) * d.tasks.length + task];
  return d.encoding === 'uint16' ? v / UINT16_SCALE : v;
}

/**
 * The recorded predictions as float probabilities, `epochs x rows x tasks`
 * (the layout the importance scorers read), decoding uint16 storage.
 */
export function dynamicsProbabilities(d: Dynamics): {
  epochs: number;
  rows: number;
  tasks: number;
  probs: Float32Array;
} {
  let probs: Float32Array;
  if (d.encoding === 'float32') probs = d.data as Float32Array;
  else {
    // A plain loop: Float32Array.from with a mapping function calls it
    // per value, several times slower on the millions of values here.
    const src = d.data;
    probs = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) probs[i] = src[i] / UINT16_SCALE;
  }
  return { epochs: d.epochs, rows: d.rows, tasks: d.tasks.length, probs };
}
