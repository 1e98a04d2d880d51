/**
 * Offline evaluation of search ranking with graded relevance: for every
 * query of the test split, its products are ranked by the model's score
 * and compared with their relevance grades by NDCG@k, next to a
 * popularity baseline (the product's engagements in the train split) and
 * a random order.
 *
 * A query is a user key of the test split (the homedepot preset makes the
 * search term the user, and keeps each query's products in one split).
 * A product's gain is its grade minus the column's lowest value on the
 * test split, so the lowest grade gains 0 (homedepot: relevance - 1).
 * Ties are broken by one seeded random order shared by every ranking.
 */
import type { PreparedData } from '../data/load.ts';
import type { SplitArrays } from '../data/types.ts';
import { UsageError } from '../errors.ts';
import type { MultiTaskModel } from '../model/api.ts';
import { Rng } from '../util/rng.ts';
import { objectiveWeights, scoreRows, type Objective } from './objective.ts';
import { ndcgAt } from './ranking-metrics.ts';

/** Random orders averaged per query for the random baseline. */
export const RANDOM_ORDERS = 20;

/** The evaluation column used without `--graded` when a dataset has it. */
export const DEFAULT_GRADED_COLUMN = 'relevance';

export interface GradedOptions {
  /** The evaluation column holding the grades. */
  column: string;
  objective: Objective;
  /** Seed of the tie-breaking and random orders. */
  seed: number;
  /** List length of NDCG, >= 1 (default 10). */
  k?: number;
}

export interface GradedEvaluation {
  column: string;
  k: number;
  /** Subtracted from every grade to give its gain. */
  gainOffset: number;
  /** Queries averaged over (>= 2 products, some gain). */
  queries: number;
  /** Test queries with a single product, left out. */
  single: number;
  /** Test queries whose products all have gain 0 (NDCG undefined). */
  noGain: number;
  /** Mean NDCG@k over the queries, each in [0, 1]; higher is better. */
  model: number;
  popularity: number;
  /** Averaged over RANDOM_ORDERS seeded orders per query. */
  random: number;
  /** Standard error of each mean (over queries); smaller is surer. */
  stderr: { model: number; popularity: number; random: number };
  /**
   * Model minus baseline, paired per query: the mean difference (> 0 when
   * the model ranks better) and its standard error.
   */
  lift: {
    popularity: { mean: number; stderr: number };
    random: { mean: number; stderr: number };
  };
}

/**
 * NDCG@k of one query: rows ranked by descending `score`, ties by
 * ascending `tie`; `gains` are the rows' gains (>= 0).
 */
export function queryNdcg(
  gains: readonly number[],
  score: readonly number[],
  tie: readonly number[],
  k: number,
): number {
  const order = gains.map((_, i) => i);
  order.sort((a, b) => score[b] - score[a] || tie[a] - tie[b]);
  return ndcgAt(
    order.map((i) => gains[i]),
    gains,
    k,
  );
}

/** Evaluates `model` on the test split of `data` (see the file comment). */
export function evaluateGraded(
  model: MultiTaskModel,
  data: PreparedData,
  options: GradedOptions,
): GradedEvaluation {
  const k = options.k ?? 10;
  const test = data.splits.test;
  const grades = test.evalColumns[options.column];
  if (!grades) {
    const have = Object.keys(test.evalColumns);
    throw new UsageError(
      `the dataset has no evaluation column "${options.column}" (it has ` +
        `${have.length ? have.join(', ') : 'none'}); pass --graded with ` +
        'one of them, or prepare the data with it in events.evaluation',
    );
  }
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new UsageError(`k must be a whole number >= 1; got ${k}`);
  }
  const w = objectiveWeights(options.objective, model.tasks);
  const modelScore = scoreRows(model.predict(test), w);
  const popular = trainPopularity(data.splits.train, test);
  const rng = new Rng(options.seed);
  const tie = Float64Array.from({ length: test.rows }, () => rng.next());
  const observed = [...Array(test.rows).keys()].filter((r) => !test.sampled[r]);
  let offset = Infinity;
  for (const r of observed) offset = Math.min(offset, grades[r]);
  const out = { queries: 0, single: 0, noGain: 0 };
  const per = { model: [] as number[], popularity: [] as number[] };
  const random: number[] = [];
  for (const rows of groupByUser(test, observed)) {
    if (rows.length < 2) {
      out.single++;
      continue;
    }
    const gains = rows.map((r) => grades[r] - offset);
    if (!gains.some((g) => g > 0)) {
      out.noGain++;
      continue;
    }
    const ties = rows.map((r) => tie[r]);
    const at = (a: ArrayLike<number>) => rows.map((r) => a[r]);
    per.model.push(queryNdcg(gains, at(modelScore), ties, k));
    per.popularity.push(queryNdcg(gains, at(popular), ties, k));
    let r = 0;
    for (let i = 0; i < RANDOM_ORDERS; i++) {
      const order = rows.map(() => rng.next());
      r += queryNdcg(gains, order, ties, k);
    }
    random.push(r / RANDOM_ORDERS);
    out.queries++;
  }
  return {
    column: options.column,
    k,
    gainOffset: offset,
    ...out,
    model: meanOf(per.model),
    popularity: meanOf(per.popularity),
    random: meanOf(random),
    stderr: {
      model: stderrOf(per.model),
      popularity: stderrOf(per.popularity),
      random: stderrOf(random),
    },
    lift: {
      popularity: paired(per.model, per.popularity),
      random: paired(per.model, random),
    },
  };
}

function paired(a: number[], b: number[]) {
  const d = a.map((x, i) => x - b[i]);
  return { mean: meanOf(d), stderr: stderrOf(d) };
}

function meanOf(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function stderrOf(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = meanOf(xs);
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(v / xs.length);
}

/** Row lists of the observed test rows, one per user, by user index. */
function groupByUser(s: SplitArrays, observed: number[]): number[][] {
  const groups = new Map<number, number[]>();
  for (const r of observed) {
    const g = groups.get(s.user[r]);
    if (g) g.push(r);
    else groups.set(s.user[r], [r]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((u) => groups.get(u)!);
}

/**
 * Per test row, its item's train engagements (first-task positives of
 * observed train rows) plus its train appearances / (1 + max appearances),
 * so appearances only break ties between equal engagement counts.
 */
function trainPopularity(train: SplitArrays, test: SplitArrays): Float64Array {
  const engaged = new Map<string, number>();
  const seen = new Map<string, number>();
  let most = 0;
  for (let r = 0; r < train.rows; r++) {
    if (train.sampled[r]) continue;
    const key = train.itemKeys[train.item[r]];
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    most = Math.max(most, n);
    if (train.labels[r * train.nTasks] > 0) {
      engaged.set(key, (engaged.get(key) ?? 0) + 1);
    }
  }
  return Float64Array.from({ length: test.rows }, (_, r) => {
    const key = test.itemKeys[test.item[r]];
    return (engaged.get(key) ?? 0) + (seen.get(key) ?? 0) / (1 + most);
  });
}
