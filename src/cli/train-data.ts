/** Turns a prepared dataset into what the trainer takes. */
import type { PreparedManifest, SplitArrays } from '../data/types.ts';
import { UsageError } from '../errors.ts';

/** Indices of `wanted` among the manifest's tasks (all when absent). */
export function taskIndices(
  manifest: PreparedManifest,
  wanted: string[] | undefined,
): number[] {
  const names = manifest.tasks.map((t) => t.name);
  if (!wanted) return names.map((_, i) => i);
  return wanted.map((w) => {
    const i = names.indexOf(w);
    if (i < 0) {
      throw new UsageError(
        `unknown task "${w}"; this dataset has tasks: ${names.join(', ')}`,
      );
    }
    return i;
  });
}

/** A view of `s` whose labels hold only the tasks at `idx`, in that order. */
export function withTasks(s: SplitArrays, idx: number[]): SplitArrays {
  const same = idx.length === s.nTasks && idx.every((v, i) => v === i);
  if (same) return s;
  const T = idx.length;
  const labels = new Float32Array(s.rows * T);
  for (let r = 0; r < s.rows; r++) {
    for (let t = 0; t < T; t++) {
      labels[r * T + t] = s.labels[r * s.nTasks + idx[t]];
    }
  }
  return { ...s, labels, nTasks: T };
}

/** Vocabulary sizes of the categorical features and the numeric count. */
export function featureShape(m: PreparedManifest): {
  vocabs: number[];
  nDense: number;
} {
  const vocabs: number[] = [];
  let nDense = 0;
  for (const f of m.features) {
    if (f.kind === 'categorical') vocabs.push(f.vocab);
    else nDense++;
  }
  return { vocabs, nDense };
}
