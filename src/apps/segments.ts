/**
 * User segments from behaviour, by rules one can read off a profile:
 *   inactive        exposures only, no engagement
 *   browsers        engaged (first task) but never converted (last task)
 *   one-time buyers exactly one conversion
 *   repeat buyers   two conversions or more
 * Each with its size, top categories (the first tag attribute, by share
 * of the segment's engagements) and rates per exposure.
 */
import type { FactsTable, UserFacts } from './facts.ts';

export const SEGMENTS = [
  'inactive',
  'browsers',
  'one-time buyers',
  'repeat buyers',
] as const;

export type SegmentName = (typeof SEGMENTS)[number];

/** Categories listed per segment. */
export const TOP_CATEGORIES = 3;

export interface Segment {
  name: SegmentName;
  users: number;
  /** Share of all users, in [0, 1]. */
  share: number;
  /** Most engaged values of the first tag attribute, with their share. */
  topCategories: { value: string; share: number }[];
  /** Engagements per exposure, in [0, 1]. */
  engagementRate: number;
  /** Conversions per exposure, in [0, 1]; higher is better. */
  conversionRate: number;
}

/** The segment of one user's facts. */
export function segmentOf(f: UserFacts): SegmentName {
  const conv = f.positives[f.positives.length - 1];
  if (conv >= 2) return 'repeat buyers';
  if (conv === 1) return 'one-time buyers';
  return f.positives[0] > 0 ? 'browsers' : 'inactive';
}

/** Every segment in SEGMENTS order (empty ones included). */
export function segments(facts: FactsTable): Segment[] {
  const groups = new Map<SegmentName, UserFacts[]>(
    SEGMENTS.map((s) => [s, []]),
  );
  for (const f of facts.users.values()) groups.get(segmentOf(f))!.push(f);
  const total = facts.users.size;
  const category = facts.tagAttrs[0];
  return SEGMENTS.map((name) => {
    const members = groups.get(name)!;
    let exp = 0;
    let eng = 0;
    let conv = 0;
    const counts = new Map<string, number>();
    for (const f of members) {
      exp += f.exposures;
      eng += f.positives[0];
      conv += f.positives[f.positives.length - 1];
      for (const [v, c] of f.tagCounts.get(category) ?? []) {
        counts.set(v, (counts.get(v) ?? 0) + c);
      }
    }
    return {
      name,
      users: members.length,
      share: total ? members.length / total : 0,
      topCategories: topShares(counts),
      engagementRate: exp ? eng / exp : 0,
      conversionRate: exp ? conv / exp : 0,
    };
  });
}

function topShares(counts: Map<string, number>) {
  let total = 0;
  for (const c of counts.values()) total += c;
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_CATEGORIES)
    .map(([value, c]) => ({ value, share: c / total }));
}
