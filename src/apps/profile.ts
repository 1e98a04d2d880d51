/**
 * User behaviour analysis for one user: interest tags with weights,
 * activity, recency / frequency / monetary figures and a conversion
 * propensity, from the facts of a prepared dataset.
 */
import type { FactsTable, UserFacts } from './facts.ts';

/** Pseudo-exposures pulling a user's conversion rate to the global one. */
export const PROPENSITY_PRIOR = 20;

/** Interest tags listed per attribute. */
export const TOP_TAGS = 5;

const DAY = 86_400;

export interface InterestTag {
  attribute: string;
  value: string;
  /** Share of the user's engagements with this value, in (0, 1]. */
  weight: number;
}

export interface UserProfile {
  user: string;
  /** False for a user absent from the data: every figure is the cold one. */
  known: boolean;
  tags: InterestTag[];
  activity: {
    exposures: number;
    /** Positives per task (e.g. clicks, carts, purchases). */
    positives: Record<string, number>;
    activeDays: number;
    firstSeen: string | null;
    lastSeen: string | null;
  };
  rfm: {
    /** Days from the last engagement to the end of the data; lower is
     * more recent; null without time or engagement. */
    recencyDays: number | null;
    /** Conversions (last task positives), >= 0. */
    frequency: number;
    /** Sum of the converted items' prices; null when the data has none. */
    monetary: number | null;
  };
  /**
   * Conversion propensity in [0, 1]: (conversions + PRIOR x global rate) /
   * (exposures + PRIOR), the user's conversion rate per exposure shrunk
   * toward the global rate; higher converts more. Unknown users get the
   * global rate.
   */
  propensity: number;
}

/** The profile of `user` (any key; unknown users get a cold profile). */
export function userProfile(facts: FactsTable, user: string): UserProfile {
  const f = facts.users.get(user);
  const rate = globalRate(facts);
  const conv = facts.tasks.length - 1;
  const positives = (i: number) => f?.positives[i] ?? 0;
  return {
    user,
    known: f !== undefined,
    tags: f ? interestTags(f) : [],
    activity: {
      exposures: f?.exposures ?? 0,
      positives: Object.fromEntries(
        facts.tasks.map((t, i) => [t, positives(i)]),
      ),
      activeDays: f?.activeDays.size ?? 0,
      firstSeen: iso(f?.firstSeen),
      lastSeen: iso(f?.lastSeen),
    },
    rfm: {
      recencyDays: recency(facts.end, f?.lastEngaged),
      frequency: positives(conv),
      monetary: facts.hasPrice ? round2(f?.spend ?? 0) : null,
    },
    propensity:
      (positives(conv) + PROPENSITY_PRIOR * rate) /
      ((f?.exposures ?? 0) + PROPENSITY_PRIOR),
  };
}

/** Conversions per exposure over every user, in [0, 1]. */
export function globalRate(facts: FactsTable): number {
  let conv = 0;
  let exp = 0;
  const last = facts.tasks.length - 1;
  for (const f of facts.users.values()) {
    conv += f.positives[last];
    exp += f.exposures;
  }
  return exp ? conv / exp : 0;
}

function interestTags(f: UserFacts): InterestTag[] {
  const out: InterestTag[] = [];
  for (const [attribute, counts] of f.tagCounts) {
    let total = 0;
    for (const c of counts.values()) total += c;
    const top = [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
    for (const [value, c] of top.slice(0, TOP_TAGS)) {
      out.push({ attribute, value, weight: c / total });
    }
  }
  return out;
}

function recency(end: number, last: number | undefined): number | null {
  if (last === undefined || Number.isNaN(last) || Number.isNaN(end)) {
    return null;
  }
  return round2((end - last) / DAY);
}

function iso(t: number | undefined): string | null {
  return t === undefined || Number.isNaN(t)
    ? null
    : new Date(t * 1000).toISOString();
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
