/**
 * Task weights: the multi-task objective L = L_ctr + λ·L_cvr generalised to
 * T tasks as L = Σ_t w_t·L_t, and the helpers that carry the same weights to
 * every per-task signal.
 */
import { UsageError } from '../errors.ts';

/**
 * The default task weights [1, λ, λ, ...]: the first task (usually the
 * click) weighs 1 and every later task weighs `lambda`.
 */
export function taskWeights(tasks: number, lambda = 1): Float64Array {
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new UsageError(`lambda must be finite and >= 0, got ${lambda}`);
  }
  const w = new Float64Array(tasks).fill(lambda);
  if (tasks > 0) w[0] = 1;
  return w;
}

/**
 * Σ_t w_t·x[r, t] for every row r of a `rows x tasks` matrix; with
 * `normalise` the sum is divided by Σ_t w_t (a weighted mean, which keeps
 * the range of x).
 */
export function combineTasks(
  perTask: Float32Array,
  tasks: number,
  w: ArrayLike<number>,
  normalise: boolean,
): Float32Array {
  const rows = perTask.length / tasks;
  const out = new Float32Array(rows);
  let total = 0;
  for (let t = 0; t < tasks; t++) total += w[t];
  const scale = normalise && total > 0 ? 1 / total : 1;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t < tasks; t++) s += w[t] * perTask[r * tasks + t];
    out[r] = s * scale;
  }
  return out;
}

/** Column t of a rows x T matrix. */
export function column(
  m: Float32Array,
  tasks: number,
  t: number,
): Float32Array {
  const out = new Float32Array(m.length / tasks);
  for (let r = 0; r < out.length; r++) out[r] = m[r * tasks + t];
  return out;
}
