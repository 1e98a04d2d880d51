/**
 * The scores of one training split together with what a person needs to
 * read them: the input of the table and summary builders.
 */
import type { Labelled } from './types.ts';

export interface ScoredSamples {
  /** Stable sample id per row. */
  sampleId: Int32Array;
  labels: Labelled;
  /** Task names, in label column order. */
  taskNames: readonly string[];
  /** Combined importance per row (see `importanceScores`). */
  importance: Float32Array;
  /** Label-noise score per row (see `noiseScores`). */
  noise: Float32Array;
  /** Method columns in output order (e.g. loss, el2n, grand, ...). */
  columns: ReadonlyMap<string, Float32Array>;
  /** Dense user and item indices and their raw keys. */
  user?: Int32Array;
  userKeys?: readonly string[];
  item?: Int32Array;
  itemKeys?: readonly string[];
  /** Item category per row, −1 when unknown. */
  category?: Int32Array;
  /** Sampled-negative flags. */
  sampled?: Uint8Array;
}
