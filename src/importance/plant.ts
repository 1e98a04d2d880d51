/**
 * Planted label noise in real data: a copy of the training labels with a
 * known share of them made wrong, and the flags that say which rows were
 * touched, so that noise detectors can be measured where the clean truth
 * is otherwise unknown.
 */
import { UsageError } from '../errors.ts';
import { Rng } from '../util/rng.ts';
import type { Labelled } from './types.ts';
import { checkLabels } from './validate.ts';

/** Bits of `PlantedNoise.kinds`. */
export const FAKE_CLICK = 1;
export const FLIP_ON = 2;
export const FLIP_OFF = 4;

export interface PlantOptions {
  /** Task whose labels are flipped (e.g. the purchase task). */
  flipTask: number;
  /**
   * Share of the observed rows (not sampled negatives) whose `flipTask`
   * label is inverted (0 ↔ 1), in [0, 1]. Exactly round(rate·observed)
   * rows, drawn uniformly without replacement.
   */
  flipRate: number;
  /** Task that receives fake clicks (default 0, the click). */
  clickTask?: number;
  /**
   * Share of the rows whose `clickTask` label is 0 (observed or sampled)
   * that are turned into clicks, in [0, 1]; their other labels stay 0.
   */
  fakeClickRate: number;
  /**
   * Tasks set to 1 whenever a flip turns `flipTask` on, so that a planted
   * purchase looks like a logged one (purchase implies cart and click
   * when the tasks are a funnel). Default none.
   */
  implies?: readonly number[];
  seed: number;
}

export interface PlantedNoise {
  /** The labels with the noise in them (a new array). */
  labels: Labelled;
  /** 1 where a row's labels were changed, else 0. */
  flags: Uint8Array;
  /**
   * What was done to each row, as bits: FAKE_CLICK, FLIP_ON (the flipped
   * label became 1), FLIP_OFF (it became 0); 0 for untouched rows. For
   * measuring detectors on each kind of noise apart.
   */
  kinds: Uint8Array;
  /**
   * The sampled flags with every fake click marked observed (0): a fake
   * click is a logged event, not a sampled negative. Absent without
   * `sampled`.
   */
  sampled?: Uint8Array;
  flipped: number;
  fakeClicks: number;
}

/**
 * Flips `flipRate` of the observed rows' `flipTask` label and adds fake
 * clicks to `fakeClickRate` of the click negatives (picked before the
 * flips, so a row can receive both). Planted noise must look like logged
 * events, or a detector finds it from the label pattern alone: a flip to
 * 1 also sets the `implies` tasks, and a fake click on a sampled negative
 * makes the row observed. A flip to 0 changes `flipTask` only. Same
 * inputs and seed, same output. O(n).
 */
export function plantNoise(
  labels: Labelled,
  sampled: Uint8Array | undefined,
  o: PlantOptions,
): PlantedNoise {
  checkLabels('labels', labels);
  const { rows, tasks } = labels;
  const clickTask = o.clickTask ?? 0;
  const named = [
    ['flipTask', o.flipTask],
    ['clickTask', clickTask],
    ...(o.implies ?? []).map((t) => ['implies', t] as const),
  ] as const;
  for (const [name, t] of named) {
    if (!(Number.isInteger(t) && t >= 0 && t < tasks)) {
      throw new UsageError(
        `${name} must be a task index in [0, ${tasks}), got ${t}`,
      );
    }
  }
  for (const [name, x] of [
    ['flipRate', o.flipRate],
    ['fakeClickRate', o.fakeClickRate],
  ] as const) {
    if (!(x >= 0 && x <= 1)) {
      throw new UsageError(`${name} must be in [0, 1], got ${x}`);
    }
  }
  const out = Float32Array.from(labels.labels);
  const flags = new Uint8Array(rows);
  const kinds = new Uint8Array(rows);
  const rng = new Rng(o.seed);
  const negatives = rowsWhere(rows, (r) => out[r * tasks + clickTask] < 0.5);
  const fake = pick(negatives, o.fakeClickRate, rng.fork(1));
  const observed = rowsWhere(rows, (r) => !(sampled && sampled[r]));
  const flip = pick(observed, o.flipRate, rng.fork(2));
  const observedNow = sampled ? Uint8Array.from(sampled) : undefined;
  for (const r of fake) {
    out[r * tasks + clickTask] = 1;
    if (observedNow) observedNow[r] = 0;
    flags[r] = 1;
    kinds[r] |= FAKE_CLICK;
  }
  for (const r of flip) {
    const i = r * tasks + o.flipTask;
    out[i] = out[i] > 0.5 ? 0 : 1;
    if (out[i] === 1) for (const t of o.implies ?? []) out[r * tasks + t] = 1;
    flags[r] = 1;
    kinds[r] |= out[i] === 1 ? FLIP_ON : FLIP_OFF;
  }
  return {
    labels: { rows, tasks, labels: out },
    flags,
    kinds,
    sampled: observedNow,
    flipped: flip.length,
    fakeClicks: fake.length,
  };
}

function rowsWhere(rows: number, keep: (r: number) => boolean): Int32Array {
  const out = new Int32Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) if (keep(r)) out[n++] = r;
  return out.subarray(0, n);
}

/** round(rate·n) of `from`, uniformly without replacement. */
function pick(from: Int32Array, rate: number, rng: Rng): Int32Array {
  const k = Math.round(rate * from.length);
  const a = Int32Array.from(from);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, k);
}
