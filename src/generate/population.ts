/**
 * The user side of the world: each user has a few categories of interest
 * with weights, a heavy-tailed activity level, a price sensitivity, a latent
 * taste vector, demographics, and possibly a bot flag.
 */
import type { Rng } from '../util/rng.ts';
import { AliasTable } from './alias.ts';
import type { Catalog } from './catalog.ts';
import { LATENT_DIM } from './catalog.ts';

/** Most categories one user is interested in. */
export const MAX_INTERESTS = 5;
/** Share of users that are bots. */
export const BOT_SHARE = 0.02;
/** How many times more sessions a bot opens than its activity says. */
const BOT_ACTIVITY_BOOST = 3;
/** Tail index of the Pareto activity distribution (smaller: heavier). */
const ACTIVITY_TAIL = 1.5;

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'];
const AGE_WEIGHTS = [0.18, 0.32, 0.24, 0.15, 0.11];
const CITY_TIER_WEIGHTS = [0.2, 0.3, 0.3, 0.2];

export interface Population {
  users: number;
  /** users x MAX_INTERESTS category ids, -1 where unused. */
  interestCategory: Int32Array;
  /** Interest strength in (0, 1], the strongest interest of a user is 1. */
  interestWeight: Float64Array;
  /** Draws the user who opens the next session, by activity. */
  sessionUser: AliasTable;
  /** Price sensitivity, > 0; higher means cheaper items appeal more. */
  priceSensitivity: Float64Array;
  /** users x LATENT_DIM, scaled so a dot with an item latent is ~N(0, 1). */
  userLatent: Float64Array;
  /** 1 for bot users. */
  bot: Uint8Array;
  /** Index into AGE_BANDS, -1 when missing. */
  ageBand: Int8Array;
  /** 1..4. */
  cityTier: Uint8Array;
  signupTs: Float64Array;
}

export function buildPopulation(
  rng: Rng,
  users: number,
  catalog: Catalog,
  logStart: number,
): Population {
  const interests = makeInterests(rng, users, catalog);
  const bot = makeBots(rng, users);
  const activity = new Float64Array(users);
  for (let u = 0; u < users; u++) {
    const pareto = Math.pow(1 - rng.next(), -1 / ACTIVITY_TAIL);
    activity[u] = pareto * (bot[u] ? BOT_ACTIVITY_BOOST : 1);
  }
  const userLatent = new Float64Array(users * LATENT_DIM);
  const scale = 1 / Math.sqrt(LATENT_DIM);
  for (let k = 0; k < userLatent.length; k++) {
    userLatent[k] = rng.normal() * scale;
  }
  return {
    users,
    ...interests,
    sessionUser: new AliasTable(activity),
    priceSensitivity: Float64Array.from({ length: users }, () =>
      Math.exp(0.5 * rng.normal()),
    ),
    userLatent,
    bot,
    ...makeDemographics(rng, users, logStart),
  };
}

function makeInterests(rng: Rng, users: number, catalog: Catalog) {
  const interestCategory = new Int32Array(users * MAX_INTERESTS).fill(-1);
  const interestWeight = new Float64Array(users * MAX_INTERESTS);
  for (let u = 0; u < users; u++) {
    const base = u * MAX_INTERESTS;
    const want =
      1 +
      Math.min(MAX_INTERESTS - 1, Math.floor(-Math.log(1 - rng.next()) * 1.5));
    let k = 0;
    for (let tries = 0; k < want && tries < 20; tries++) {
      const c = catalog.categoryPopularity.sample(rng);
      let dup = false;
      for (let j = 0; j < k; j++) dup ||= interestCategory[base + j] === c;
      if (dup) continue;
      interestCategory[base + k] = c;
      interestWeight[base + k] = -Math.log(1 - rng.next()) + 0.05;
      k++;
    }
    normaliseToMax(interestWeight, base, k);
  }
  return { interestCategory, interestWeight };
}

function normaliseToMax(w: Float64Array, base: number, k: number): void {
  let max = 0;
  for (let j = 0; j < k; j++) max = Math.max(max, w[base + j]);
  for (let j = 0; j < k; j++) w[base + j] /= max;
}

function makeBots(rng: Rng, users: number): Uint8Array {
  const bot = new Uint8Array(users);
  const count = Math.max(1, Math.round(users * BOT_SHARE));
  const order = rng.shuffle(Int32Array.from({ length: users }, (_, i) => i));
  for (let k = 0; k < count; k++) bot[order[k]] = 1;
  return bot;
}

function makeDemographics(rng: Rng, users: number, logStart: number) {
  const ageDraw = new AliasTable(AGE_WEIGHTS);
  const tierDraw = new AliasTable(CITY_TIER_WEIGHTS);
  const ageBand = new Int8Array(users);
  const cityTier = new Uint8Array(users);
  const signupTs = new Float64Array(users);
  const threeYears = 3 * 365 * 86_400;
  for (let u = 0; u < users; u++) {
    ageBand[u] = rng.next() < 0.05 ? -1 : ageDraw.sample(rng);
    cityTier[u] = 1 + tierDraw.sample(rng);
    signupTs[u] = logStart - 86_400 - Math.floor(rng.next() * threeYears);
  }
  return { ageBand, cityTier, signupTs };
}

/** Interest of user `u` in category `c`, in [0, 1]; 0 when none. */
export function interestOf(p: Population, u: number, c: number): number {
  const base = u * MAX_INTERESTS;
  for (let j = 0; j < MAX_INTERESTS; j++) {
    const k = p.interestCategory[base + j];
    if (k === c) return p.interestWeight[base + j];
    if (k < 0) return 0;
  }
  return 0;
}

/** A category drawn by the user's interest weights. */
export function drawInterest(p: Population, u: number, rng: Rng): number {
  const base = u * MAX_INTERESTS;
  let sum = 0;
  for (let j = 0; j < MAX_INTERESTS && p.interestCategory[base + j] >= 0; j++) {
    sum += p.interestWeight[base + j];
  }
  let x = rng.next() * sum;
  for (let j = 0; j < MAX_INTERESTS; j++) {
    const c = p.interestCategory[base + j];
    if (c < 0) break;
    x -= p.interestWeight[base + j];
    if (x <= 0) return c;
  }
  return p.interestCategory[base];
}
