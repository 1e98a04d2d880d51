/**
 * Search-result ranking: a user, a query and candidate items in; the items
 * ordered by the model's score for an objective out.
 */
import { UsageError } from '../errors.ts';
import type { App } from './context.ts';
import { objectiveWeights, scoreRows, type Objective } from './objective.ts';
import { buildRows } from './rows.ts';
import { itemOf, userOf } from './store.ts';

/** The most candidates one ranking call accepts. */
export const MAX_CANDIDATES = 1000;

export interface RankRequest {
  user: string;
  /** Free text; empty when the data has no queries. */
  query?: string;
  items: string[];
  objective: Objective;
}

export interface RankedItem {
  item: string;
  /** The objective's score; higher ranks first (see objective.ts). */
  score: number;
  /** Probability per task, in [0, 1]. */
  probs: Record<string, number>;
  /** False for an item the store has never seen (scored cold). */
  known: boolean;
}

export interface Ranking {
  user: string;
  /** False for an unknown user (scored as an average user). */
  knownUser: boolean;
  objective: Objective;
  items: RankedItem[];
}

/**
 * Ranks `items` by descending score; equal scores keep their input order.
 * Unknown users and items are scored cold (see rows.ts), never rejected.
 */
export async function rankItems(app: App, req: RankRequest): Promise<Ranking> {
  if (req.items.length > MAX_CANDIDATES) {
    throw new UsageError(
      `at most ${MAX_CANDIDATES} candidate items per call; got ` +
        `${req.items.length}. Split the list or pre-filter it.`,
    );
  }
  const w = objectiveWeights(req.objective, app.model.tasks);
  const scored = await scoreItems(app, req.user, req.items, w, req.query);
  return {
    user: req.user,
    knownUser: userOf(app.store, req.user) !== undefined,
    objective: req.objective,
    items: scored,
  };
}

/**
 * Scores and sorts `items` for `user` with task weights `w`, through the
 * App's predictor.
 */
export async function scoreItems(
  app: App,
  user: string,
  items: string[],
  w: Float64Array,
  query = '',
): Promise<RankedItem[]> {
  if (!items.length) return [];
  const batch = buildRows(app.plan, app.store, user, items, query);
  const probs = await app.predictor.predict(batch);
  const scores = scoreRows(probs, w);
  const T = app.model.tasks.length;
  const out = items.map((item, r) => ({
    item,
    score: scores[r],
    probs: Object.fromEntries(
      app.model.tasks.map((t, k) => [t, probs[r * T + k]]),
    ),
    known: itemOf(app.store, item) !== undefined,
    r,
  }));
  out.sort((a, b) => b.score - a.score || a.r - b.r);
  return out.map(({ r: _, ...rest }) => rest);
}
