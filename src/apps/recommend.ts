/**
 * Recommendation: candidates from the user's interest tags, popularity and
 * the learned item space, ranked by the model for an objective; items the
 * user already bought are left out unless asked for.
 */
import { UsageError } from '../errors.ts';
import {
  candidatesFor,
  DEFAULT_CANDIDATES,
  type CandidateOptions,
  type Source,
} from './candidates.ts';
import type { App } from './context.ts';
import { objectiveWeights, type Objective } from './objective.ts';
import { scoreItems, type RankedItem } from './rank.ts';
import { userOf } from './store.ts';

/** The largest k one call may ask for. */
export const MAX_K = 200;

export interface RecommendRequest {
  user: string;
  /** Items returned, in [1, MAX_K]. */
  k: number;
  objective: Objective;
  /** Keep items the user already bought (default false). */
  includeBought?: boolean;
  candidates?: CandidateOptions;
}

export interface Recommendation extends RankedItem {
  /** Which candidate sources proposed the item. */
  sources: Source[];
}

export interface Recommendations {
  user: string;
  /** False for an unknown user: popular items ranked as for an average user. */
  knownUser: boolean;
  items: Recommendation[];
}

/** The top `k` items for `user`, best first. */
export async function recommend(
  app: App,
  req: RecommendRequest,
): Promise<Recommendations> {
  if (!(Number.isInteger(req.k) && req.k >= 1 && req.k <= MAX_K)) {
    throw new UsageError(
      `k must be a whole number in [1, ${MAX_K}]; got ${req.k}`,
    );
  }
  const w = objectiveWeights(req.objective, app.model.tasks);
  const u = userOf(app.store, req.user);
  const pool = candidatesFor(
    app,
    req.user,
    req.candidates ?? DEFAULT_CANDIDATES,
  );
  if (u && !req.includeBought) for (const b of u.bought) pool.delete(b);
  const ranked = await scoreItems(app, req.user, [...pool.keys()], w);
  return {
    user: req.user,
    knownUser: u !== undefined,
    items: ranked.slice(0, req.k).map((r) => ({
      ...r,
      sources: pool.get(r.item) ?? [],
    })),
  };
}
