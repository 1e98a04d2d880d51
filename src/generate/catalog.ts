/**
 * The item side of the world: categories with a vocabulary and a base
 * price, brands with a quality and price level, and items with a category,
 * brand, price, quality, title, popularity and a small latent taste vector.
 */
import type { Rng } from '../util/rng.ts';
import { AliasTable } from './alias.ts';
import { TERMS_PER_CATEGORY, makeVocabulary } from './vocabulary.ts';

/** Dimensions of the latent taste vectors of users and items. */
export const LATENT_DIM = 4;
/** Maximum number of terms in an item title. */
export const TITLE_MAX = 6;

export interface Catalog {
  categories: number;
  /** Every word; category c owns words [c * T, (c + 1) * T). */
  terms: string[];
  /** Draws a term rank within a category's vocabulary (Zipf-like). */
  termRank: AliasTable;
  /** Share of traffic going to each category. */
  categoryPopularity: AliasTable;
  brands: number;
  brandCategory: Int32Array;
  items: number;
  itemCategory: Int32Array;
  itemBrand: Int32Array;
  /** Standardised quality, about N(0, 1); higher sells better. */
  itemQuality: Float64Array;
  /** True price, always positive. */
  itemPrice: Float64Array;
  /** log price relative to the category's typical price, about N(0, 1). */
  itemPriceZ: Float64Array;
  /** items x TITLE_MAX global term ids, -1 where the title is shorter. */
  itemTitle: Int32Array;
  /** items x LATENT_DIM. */
  itemLatent: Float64Array;
  /** Item indices of each category. */
  categoryItems: Int32Array[];
  /** Draws a position in `categoryItems[c]` by item popularity. */
  categoryItemDraw: AliasTable[];
}

/** Number of categories for a catalog of `items` items, 8..200. */
export function categoryCount(items: number): number {
  return Math.min(200, Math.max(8, Math.round(Math.sqrt(items) / 2)));
}

export function buildCatalog(rng: Rng, items: number): Catalog {
  const categories = categoryCount(items);
  const terms = makeVocabulary(rng.fork(1), categories);
  const catWeights = zipf(categories, 0.9);
  rng.shuffle(catWeights);
  const basePrice = Float64Array.from({ length: categories }, () =>
    Math.exp(3.4 + rng.normal()),
  );
  const brands = makeBrands(rng, categories, items, catWeights);
  const c = makeItems(rng, items, categories, catWeights, brands, basePrice);
  return {
    categories,
    terms,
    termRank: new AliasTable(zipf(TERMS_PER_CATEGORY, 1)),
    categoryPopularity: new AliasTable(catWeights),
    brands: brands.category.length,
    brandCategory: brands.category,
    ...c,
  };
}

interface Brands {
  category: Int32Array;
  quality: Float64Array;
  priceLevel: Float64Array;
  byCategory: number[][];
}

function makeBrands(
  rng: Rng,
  categories: number,
  items: number,
  catWeights: Float64Array,
): Brands {
  const n = Math.max(categories, Math.round(items / 15));
  const draw = new AliasTable(catWeights);
  const category = new Int32Array(n);
  const byCategory: number[][] = Array.from({ length: categories }, () => []);
  for (let b = 0; b < n; b++) {
    category[b] = b < categories ? b : draw.sample(rng);
    byCategory[category[b]].push(b);
  }
  const quality = Float64Array.from({ length: n }, () => 0.6 * rng.normal());
  const priceLevel = Float64Array.from({ length: n }, () => 0.3 * rng.normal());
  return { category, quality, priceLevel, byCategory };
}

type ItemFields = Omit<
  Catalog,
  | 'categories'
  | 'terms'
  | 'termRank'
  | 'categoryPopularity'
  | 'brands'
  | 'brandCategory'
>;

function makeItems(
  rng: Rng,
  n: number,
  categories: number,
  catWeights: Float64Array,
  brands: Brands,
  basePrice: Float64Array,
): ItemFields {
  const f = allocateItems(n);
  const draw = new AliasTable(catWeights);
  const termRank = new AliasTable(zipf(TERMS_PER_CATEGORY, 1));
  const popularity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i < categories ? i : draw.sample(rng);
    const inCat = brands.byCategory[c];
    const b = inCat[rng.int(inCat.length)];
    const q = brands.quality[b] + 0.8 * rng.normal();
    const z = 0.5 * q + brands.priceLevel[b] + 0.6 * rng.normal();
    f.itemCategory[i] = c;
    f.itemBrand[i] = b;
    f.itemQuality[i] = q;
    f.itemPrice[i] = Math.max(0.5, basePrice[c] * Math.exp(0.5 * z));
    f.itemPriceZ[i] = z;
    popularity[i] = Math.exp(1.2 * rng.normal() + 0.5 * q);
    writeTitle(rng, f.itemTitle, i, c, termRank);
    for (let d = 0; d < LATENT_DIM; d++) {
      f.itemLatent[i * LATENT_DIM + d] = rng.normal();
    }
  }
  return { ...f, ...groupByCategory(f.itemCategory, categories, popularity) };
}

function allocateItems(n: number) {
  return {
    items: n,
    itemCategory: new Int32Array(n),
    itemBrand: new Int32Array(n),
    itemQuality: new Float64Array(n),
    itemPrice: new Float64Array(n),
    itemPriceZ: new Float64Array(n),
    itemTitle: new Int32Array(n * TITLE_MAX).fill(-1),
    itemLatent: new Float64Array(n * LATENT_DIM),
  };
}

function writeTitle(
  rng: Rng,
  title: Int32Array,
  item: number,
  category: number,
  termRank: AliasTable,
): void {
  const length = 3 + rng.int(TITLE_MAX - 2);
  const base = item * TITLE_MAX;
  let k = 0;
  for (let tries = 0; k < length && tries < 4 * length; tries++) {
    const term = category * TERMS_PER_CATEGORY + termRank.sample(rng);
    let dup = false;
    for (let j = 0; j < k; j++) dup ||= title[base + j] === term;
    if (!dup) title[base + k++] = term;
  }
}

function groupByCategory(
  itemCategory: Int32Array,
  categories: number,
  popularity: Float64Array,
) {
  const lists: number[][] = Array.from({ length: categories }, () => []);
  for (let i = 0; i < itemCategory.length; i++) {
    lists[itemCategory[i]].push(i);
  }
  const categoryItems = lists.map((l) => Int32Array.from(l));
  const categoryItemDraw = categoryItems.map(
    (l) => new AliasTable(Array.from(l, (i) => popularity[i])),
  );
  return { categoryItems, categoryItemDraw };
}

/** Weights 1 / (rank + 1)^s for ranks 0..n-1. */
export function zipf(n: number, s: number): Float64Array {
  return Float64Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, s));
}
