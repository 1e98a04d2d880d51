/**
 * How real users respond to an impression: the probabilities of a click, a
 * cart given a click and a purchase given a cart, and how long they dwell.
 * Interest in the item's category drives all three; quality, price and a
 * latent taste match refine them, and position damps the click.
 */
import type { Rng } from '../util/rng.ts';
import { LATENT_DIM } from './catalog.ts';
import { interestOf } from './population.ts';
import type { World } from './world.ts';

/** What decides a user's response to one shown item. */
export interface Appeal {
  /** Interest in the item's category, in [0, 1]. */
  interest: number;
  /** Latent taste match, about N(0, 1). */
  taste: number;
  quality: number;
  /** Price sensitivity times relative log price; positive deters. */
  priceCost: number;
}

/** Examination probability of a 1-based position: 1 / log2(1 + pos). */
export function positionBias(position: number): number {
  return 1 / Math.log2(1 + position);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function appealOf(world: World, user: number, item: number): Appeal {
  const { catalog: c, population: p } = world;
  let taste = 0;
  const ui = user * LATENT_DIM;
  const ii = item * LATENT_DIM;
  for (let d = 0; d < LATENT_DIM; d++) {
    taste += p.userLatent[ui + d] * c.itemLatent[ii + d];
  }
  return {
    interest: interestOf(p, user, c.itemCategory[item]),
    taste,
    quality: c.itemQuality[item],
    priceCost: p.priceSensitivity[user] * c.itemPriceZ[item],
  };
}

/** Weights of a logistic response; `price` weighs the price cost down. */
interface Weights {
  bias: number;
  interest: number;
  taste: number;
  quality: number;
  price: number;
}

/** Click logit before position bias; search adds a relevance term. */
export const CLICK: Weights = {
  bias: -5.3,
  interest: 3.6,
  taste: 0.9,
  quality: 0.8,
  price: 0.4,
};
/** Search sessions: logit + RELEVANCE * relevance + SEARCH_BIAS. */
const RELEVANCE = 1.4;
const SEARCH_BIAS = -0.5;

export const CART: Weights = {
  bias: -2.75,
  interest: 1.4,
  taste: 0.3,
  quality: 0.5,
  price: 0.6,
};

export const PURCHASE: Weights = {
  bias: -2.35,
  interest: 1.2,
  taste: 0.3,
  quality: 0.7,
  price: 0.8,
};

function logit(a: Appeal, w: Weights): number {
  return (
    w.bias +
    w.interest * a.interest +
    w.taste * a.taste +
    w.quality * a.quality -
    w.price * a.priceCost
  );
}

/**
 * Click probability of an impression at a 1-based position; `relevance` in
 * [0, 1] is the share of query terms in the title (0 for browsing).
 */
export function clickProbability(
  a: Appeal,
  position: number,
  relevance: number,
  search: boolean,
): number {
  const z =
    logit(a, CLICK) + (search ? RELEVANCE * relevance + SEARCH_BIAS : 0);
  return positionBias(position) * sigmoid(z);
}

/** Probability of a cart given a click. */
export function cartProbability(a: Appeal): number {
  return sigmoid(logit(a, CART));
}

/** Probability of a purchase given a cart. */
export function purchaseProbability(a: Appeal): number {
  return sigmoid(logit(a, PURCHASE));
}

/** Seconds a real user spends on a clicked item (log-normal, median ~25). */
export function realDwell(rng: Rng, a: Appeal): number {
  return Math.exp(Math.log(25) + 0.4 * a.interest + 0.8 * rng.normal());
}
