/**
 * The users section from `segments.json`: a list of segments
 * `{name|label|id, size|users|count, topCategories ({value} rows or
 * names), conversion}` at the top
 * level or under `segments`.
 */
import type { UsersSection } from '../data.ts';
import { arr, keep, num, str } from './pick.ts';

/** Top categories as strings, whether given as names or as {name} rows. */
function categories(s: unknown): string[] {
  const list = arr(s, 'topCategories', 'top_categories', 'categories');
  return keep(list, (c) => str(c) ?? str(c, 'value', 'name', 'category'));
}

/** The users section, or undefined when no segment was found. */
export function usersSection(segments: unknown): UsersSection | undefined {
  const list = Array.isArray(segments) ? segments : arr(segments, 'segments');
  const parsed = keep(list, (s) => {
    const name = str(s, 'name', 'label', 'id');
    const size = num(s, 'size', 'users', 'count');
    if (name === undefined || size === undefined) return undefined;
    return {
      name,
      size,
      topCategories: categories(s),
      conversion: num(s, 'conversion', 'conversionRate', 'cvr') ?? NaN,
    };
  });
  return parsed.length ? { segments: parsed } : undefined;
}
