/**
 * What a ranking sorts by: a score per row from the model's task
 * probabilities. Higher is better for every objective.
 *
 *   ctr        the first task's probability (pCTR), in [0, 1]
 *   ctcvr      pCTR x pCVR, the probability that an exposure ends in the
 *              conversion task (the last task, or `task`), in [0, 1].
 *              Winnow's labels are per exposure, so the conversion task's
 *              probability already is pCTR x pCVR (ESMM predicts it as
 *              pCTCVR); it is read as is, not multiplied again.
 *   weighted   sum over tasks of weight x probability, e.g.
 *              "click=1,purchase=5"; in [0, sum of weights]
 */
import { UsageError } from '../errors.ts';

export type Objective =
  | { kind: 'ctr' }
  | { kind: 'ctcvr'; task?: string }
  | { kind: 'weighted'; weights: Record<string, number> };

export const OBJECTIVE_HELP =
  "ctr | ctcvr | weighted:TASK=W,TASK=W (e.g. 'weighted:click=1,purchase=5')";

/** Parses an objective given as text (see OBJECTIVE_HELP). */
export function parseObjective(text: string): Objective {
  if (text === 'ctr') return { kind: 'ctr' };
  if (text === 'ctcvr') return { kind: 'ctcvr' };
  if (text.startsWith('ctcvr:')) return { kind: 'ctcvr', task: text.slice(6) };
  if (!text.startsWith('weighted:')) {
    throw new UsageError(
      `unknown objective "${text}"; expected ${OBJECTIVE_HELP}`,
    );
  }
  const weights: Record<string, number> = {};
  for (const part of text.slice(9).split(',')) {
    const [task, w] = part.split('=');
    const value = Number(w);
    if (!task || !Number.isFinite(value)) {
      throw new UsageError(
        `objective weight "${part}" is not TASK=NUMBER; expected ` +
          OBJECTIVE_HELP,
      );
    }
    weights[task] = value;
  }
  return { kind: 'weighted', weights };
}

/**
 * Per-task weights that turn rows x T probabilities into the objective;
 * throws a UsageError naming the model's tasks when one is unknown.
 */
export function objectiveWeights(
  objective: Objective,
  tasks: readonly string[],
): Float64Array {
  const w = new Float64Array(tasks.length);
  const at = (name: string) => {
    const i = tasks.indexOf(name);
    if (i < 0) {
      throw new UsageError(
        `the objective names task "${name}" but the model has tasks: ` +
          tasks.join(', '),
      );
    }
    return i;
  };
  if (objective.kind === 'ctr') w[0] = 1;
  else if (objective.kind === 'ctcvr') {
    w[objective.task ? at(objective.task) : tasks.length - 1] = 1;
  } else {
    for (const [t, v] of Object.entries(objective.weights)) w[at(t)] += v;
  }
  return w;
}

/** The objective's score of each row of `probs` (rows x T). */
export function scoreRows(probs: Float32Array, w: Float64Array): Float64Array {
  const T = w.length;
  const rows = probs.length / T;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += w[t] * probs[r * T + t];
    out[r] = s;
  }
  return out;
}
