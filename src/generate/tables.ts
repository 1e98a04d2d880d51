/** Writes the item and user tables of a world as CSV. */
import { BufferedWriter } from './buffered-writer.ts';
import { TITLE_MAX } from './catalog.ts';
import { fixed2, formatId, idWidth } from './ids.ts';
import { AGE_BANDS } from './population.ts';
import type { World } from './world.ts';

export const ITEM_COLUMNS = ['item_id', 'category', 'brand', 'price', 'title'];
export const USER_COLUMNS = ['user_id', 'age_band', 'city_tier', 'signup_ts'];

/** Writes the listed items; returns how many rows were written. */
export async function writeItems(
  world: World,
  itemIds: string[],
  path: string,
): Promise<number> {
  const c = world.catalog;
  const out = new BufferedWriter(path);
  const catWidth = Math.max(2, String(c.categories - 1).length);
  const brandWidth = Math.max(3, String(c.brands - 1).length);
  out.write(ITEM_COLUMNS.join(',') + '\n');
  let rows = 0;
  for (let i = 0; i < c.items; i++) {
    if (!world.listed[i]) continue;
    const price = world.shownPrice[i];
    const fields = [
      itemIds[i],
      formatId('c', c.itemCategory[i], catWidth),
      formatId('b', c.itemBrand[i], brandWidth),
      Number.isNaN(price) ? '' : fixed2(price),
      titleOf(world, i),
    ];
    out.write(fields.join(',') + '\n');
    rows++;
    await out.maybeFlush();
  }
  await out.close();
  return rows;
}

function titleOf(world: World, item: number): string {
  const { itemTitle, terms } = world.catalog;
  const words: string[] = [];
  for (let j = 0; j < TITLE_MAX; j++) {
    const t = itemTitle[item * TITLE_MAX + j];
    if (t >= 0) words.push(terms[t]);
  }
  return words.join(' ');
}

/** Writes every user, bots included (nothing marks them here). */
export async function writeUsers(world: World, path: string): Promise<number> {
  const p = world.population;
  const out = new BufferedWriter(path);
  const width = idWidth(p.users);
  out.write(USER_COLUMNS.join(',') + '\n');
  for (let u = 0; u < p.users; u++) {
    const age = p.ageBand[u] < 0 ? '' : AGE_BANDS[p.ageBand[u]];
    const id = formatId('u', u, width);
    out.write(`${id},${age},${p.cityTier[u]},${p.signupTs[u]}\n`);
    await out.maybeFlush();
  }
  await out.close();
  return p.users;
}
