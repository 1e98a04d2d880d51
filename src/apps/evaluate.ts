/**
 * Offline evaluation of recommendation on held-out later purchases: for
 * each test user who converted in the test split, the model's top list
 * (from the training and validation history only, items bought before
 * excluded) is compared with what the user then bought, next to a
 * popularity baseline under the same exclusions.
 *
 * Reported, averaged over users, each in [0, 1] and higher is better:
 * NDCG@10 (binary gains), Recall@20, HitRate@10 and MRR (over the top 20).
 */
import type { PreparedData } from '../data/load.ts';
import type { ModelFile } from '../model/io.ts';
import type { WinnowModel } from '../model/model.ts';
import { Rng } from '../util/rng.ts';
import { candidatesFor } from './candidates.ts';
import { appFromData, type App } from './context.ts';
import { objectiveWeights, type Objective } from './objective.ts';
import { scoreItems } from './rank.ts';
import { hitAt, ndcgAt, recallAt, reciprocalRank } from './ranking-metrics.ts';
import { userOf } from './store.ts';

/** Length of every evaluated list. */
export const LIST_LENGTH = 20;

export interface ListMetrics {
  ndcg10: number;
  recall20: number;
  hit10: number;
  mrr: number;
}

export interface Evaluation {
  /** Test users with at least one later purchase that were evaluated. */
  users: number;
  model: ListMetrics;
  popularity: ListMetrics;
}

export interface EvaluateOptions {
  objective: Objective;
  /** At most this many users are evaluated (a seeded sample), >= 1. */
  maxUsers: number;
  seed: number;
  onProgress?: (done: number, total: number, label?: string) => void;
}

/** Evaluates `model` on the test split of `data`. */
export async function evaluateRecommendation(
  model: WinnowModel,
  file: ModelFile,
  data: PreparedData,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const history = {
    ...data,
    splits: { train: data.splits.train, valid: data.splits.valid },
  } as PreparedData;
  const app = appFromData(model, file, history);
  const truth = laterPurchases(data);
  const users = sample([...truth.keys()].sort(), options);
  const w = objectiveWeights(options.objective, model.tasks);
  const sums = { model: zero(), popularity: zero() };
  const popular = [...popularity(app)];
  for (const [i, user] of users.entries()) {
    const bought = new Set(userOf(app.store, user)?.bought ?? []);
    const relevant = truth.get(user)!;
    const pool = [...candidatesFor(app, user).keys()].filter(
      (k) => !bought.has(k),
    );
    const scored = await scoreItems(app, user, pool, w);
    const ranked = scored.map((r) => r.item);
    const base = popular.filter((k) => !bought.has(k));
    add(sums.model, listMetrics(ranked, relevant));
    add(sums.popularity, listMetrics(base, relevant));
    options.onProgress?.(i + 1, users.length, 'users');
  }
  const n = users.length;
  return {
    users: n,
    model: mean(sums.model, n),
    popularity: mean(sums.popularity, n),
  };
}

/** The metrics of one ranked list against a set of relevant items. */
export function listMetrics(ranked: string[], relevant: Set<string>) {
  const gains = ranked.slice(0, LIST_LENGTH).map((k) => +relevant.has(k));
  const ideal = [...relevant].map(() => 1);
  return {
    ndcg10: ndcgAt(gains, ideal, 10),
    recall20: recallAt(gains, relevant.size, 20),
    hit10: hitAt(gains, 10),
    mrr: reciprocalRank(gains),
  };
}

function laterPurchases(data: PreparedData): Map<string, Set<string>> {
  const s = data.splits.test;
  const out = new Map<string, Set<string>>();
  for (let r = 0; r < s.rows; r++) {
    if (s.sampled[r] || !(s.labels[r * s.nTasks + s.nTasks - 1] > 0)) continue;
    const user = s.userKeys[s.user[r]];
    let set = out.get(user);
    if (!set) out.set(user, (set = new Set()));
    set.add(s.itemKeys[s.item[r]]);
  }
  return out;
}

function popularity(app: App): string[] {
  const items = app.store.items;
  return Object.keys(items).sort(
    (a, b) => items[b].engagements - items[a].engagements || (a < b ? -1 : 1),
  );
}

function sample(users: string[], o: EvaluateOptions): string[] {
  if (users.length <= o.maxUsers) return users;
  return new Rng(o.seed).shuffle(users).slice(0, o.maxUsers).sort();
}

function zero(): ListMetrics {
  return { ndcg10: 0, recall20: 0, hit10: 0, mrr: 0 };
}

function add(sum: ListMetrics, m: ListMetrics): void {
  sum.ndcg10 += m.ndcg10;
  sum.recall20 += m.recall20;
  sum.hit10 += m.hit10;
  sum.mrr += m.mrr;
}

function mean(sum: ListMetrics, n: number): ListMetrics {
  const d = n || 1;
  return {
    ndcg10: sum.ndcg10 / d,
    recall20: sum.recall20 / d,
    hit10: sum.hit10 / d,
    mrr: sum.mrr / d,
  };
}
