/**
 * The whole world in memory: catalog, population, the time span of the log
 * and the catalog's imperfections (unlisted items, missing and wrong prices).
 */
import type { Rng } from '../util/rng.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import { buildPopulation, type Population } from './population.ts';

/** Start of the log: 2024-01-01T00:00:00Z, in seconds. */
export const LOG_START = 1_704_067_200;
/** Length of the log in seconds (30 days). */
export const LOG_SPAN = 30 * 86_400;

/** Share of items missing from items.csv while still seen in events. */
export const UNLISTED_SHARE = 0.005;
/** Share of listed items whose price is missing. */
export const MISSING_PRICE_SHARE = 0.01;
/** Share of listed items whose price is off by a factor of 1000. */
export const OUTLIER_PRICE_SHARE = 0.001;

export interface World {
  catalog: Catalog;
  population: Population;
  /** 1 when the item is written to items.csv. */
  listed: Uint8Array;
  /** The price as written to items.csv: NaN when missing. */
  shownPrice: Float64Array;
}

export function buildWorld(rng: Rng, users: number, items: number): World {
  const catalog = buildCatalog(rng.fork(1), items);
  const population = buildPopulation(rng.fork(2), users, catalog, LOG_START);
  const flaws = rng.fork(3);
  const order = flaws.shuffle(Int32Array.from({ length: items }, (_, i) => i));
  const listed = new Uint8Array(items).fill(1);
  const shownPrice = Float64Array.from(catalog.itemPrice);
  let k = 0;
  for (const [share, apply] of [
    [UNLISTED_SHARE, (i: number) => (listed[i] = 0)],
    [MISSING_PRICE_SHARE, (i: number) => (shownPrice[i] = NaN)],
    [OUTLIER_PRICE_SHARE, (i: number) => (shownPrice[i] *= 1000)],
  ] as const) {
    const count = Math.max(1, Math.round(items * share));
    for (let j = 0; j < count; j++) apply(order[k++]);
  }
  return { catalog, population, listed, shownPrice };
}
