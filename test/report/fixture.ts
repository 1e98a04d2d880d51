/**
 * A realistic synthetic `ReportData` for the report's tests: every section
 * filled, numbers drawn from a seeded generator.
 */
import type {
  CartographyPoint,
  PruningPoint,
  ReportData,
} from '../../src/report/data.ts';
import { Rng } from '../../src/util/rng.ts';

const TASKS = ['click', 'purchase'];
const SPLITS = ['train', 'valid', 'test'];
const METHODS = ['loss', 'gradnorm', 'tracin', 'el2n', 'noise', 'combined'];

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function cartography(rng: Rng, n: number): CartographyPoint[] {
  return Array.from({ length: n }, () => {
    const noisy = rng.next() < 0.08;
    const confidence = noisy
      ? clamp(0.15 + 0.15 * rng.normal(), 0, 1)
      : clamp(0.8 + 0.18 * rng.normal(), 0, 1);
    const variability = clamp(
      0.06 + 0.35 * confidence * (1 - confidence) + 0.03 * rng.normal(),
      0,
      0.5,
    );
    return {
      confidence,
      variability,
      correctness: clamp(confidence + 0.1 * rng.normal(), 0, 1),
      noisy,
    };
  });
}

function curves(rng: Rng): PruningPoint[] {
  const out: PruningPoint[] = [];
  const scorers = ['random', 'loss', 'tracin', 'combined'];
  for (const scorer of scorers) {
    const gain = scorer === 'random' ? 0 : scorer === 'combined' ? 1 : 0.6;
    for (const keep of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      for (let seed = 1; seed <= 3; seed++) {
        for (const [t, task] of TASKS.entries()) {
          const full = t === 0 ? 0.742 : 0.681;
          const loss = 0.06 * (1 - keep) ** 1.5 * (1 - 0.7 * gain);
          out.push({
            scorer,
            keep,
            seed,
            task,
            auc: full - loss + 0.004 * gain * keep + 0.003 * rng.normal(),
            seconds: 4 + 38 * keep + rng.next(),
          });
        }
      }
    }
  }
  return out;
}

/** Builds the fixture; the same seed gives the same data. */
export function fixtureReport(seed = 7): ReportData {
  const rng = new Rng(seed);
  const lognormal = (mu: number, s: number): number =>
    Math.exp(mu + s * rng.normal());
  const noiseVsLabel = TASKS.flatMap((task) =>
    Array.from({ length: 300 }, () => {
      const label = rng.next() < 0.3 ? 1 : 0;
      const base = label === 1 ? 0.35 : 0.18;
      return { task, label, noise: clamp(base + 0.15 * rng.normal(), 0, 1) };
    }),
  );
  const cats = Array.from({ length: 28 }, (_, i) => `cat-${100 + i * 7}`);
  const samples = Array.from({ length: 400 }, (_, i) => {
    const top = i < 200;
    return [
      100000 + i * 37,
      top ? 'top' : 'bottom',
      top ? 1 - i / 400 : (400 - i) / 4000,
      top ? i + 1 : 20000 - (399 - i),
      `u${rng.int(900)}`,
      `item-${rng.int(5000)}`,
      cats[rng.int(cats.length)],
      rng.next() < 0.3 ? 1 : 0,
      rng.next() < 0.05 ? 1 : 0,
      Math.round(rng.next() * 1000) / 1000,
    ];
  });
  return {
    title: 'demo-run (synthetic)',
    generated: '2025-01-01T00:00:00.000Z',
    data: {
      name: 'synthetic-world',
      rows: [
        { split: 'train', rows: 81234 },
        { split: 'valid', rows: 10211 },
        { split: 'test', rows: 10587 },
      ],
      repairs: [
        { reason: 'duplicate event', count: 1432 },
        { reason: 'unknown item', count: 312 },
        { reason: 'purchase without click', count: 98 },
        { reason: 'timestamp out of range', count: 41 },
      ],
      tasks: [
        { name: 'click', rate: { train: 0.071, valid: 0.069, test: 0.073 } },
        {
          name: 'purchase',
          rate: { train: 0.0081, valid: 0.0079, test: 0.0084 },
        },
      ],
    },
    model: {
      arch: 'mmoe',
      metrics: SPLITS.flatMap((split, s) =>
        TASKS.map((task, t) => ({
          task,
          split,
          auc: (t === 0 ? 0.76 : 0.7) - 0.012 * s,
          gauc: (t === 0 ? 0.66 : 0.62) - 0.01 * s,
          logloss: t === 0 ? 0.24 + 0.004 * s : 0.045 + 0.002 * s,
          calibration: 1 + 0.03 * (s - 1) + 0.02 * t,
        })),
      ),
      history: Array.from({ length: 8 }, (_, e) =>
        TASKS.map((task, t) => ({
          epoch: e + 1,
          trainLoss: 0.34 - 0.05 * Math.log1p(e),
          task,
          validAuc: (t === 0 ? 0.745 : 0.685) - 0.05 * Math.exp(-e / 1.5),
        })),
      ).flat(),
    },
    importance: {
      primary: 'combined',
      methods: Object.fromEntries(
        METHODS.map((m, k) => [
          m,
          Array.from({ length: 2000 }, () => lognormal(-2 + 0.3 * k, 0.8)),
        ]),
      ),
      byCategory: cats.map((group) => ({
        group,
        mean: lognormal(-1.5, 0.3),
        n: 200 + rng.int(5000),
      })),
      byUserActivity: ['1', '2–5', '6–20', '21–100', '100+'].map((g, i) => ({
        group: g,
        mean: 0.3 - 0.04 * i,
        n: 1000 * (5 - i) + rng.int(500),
      })),
      byItemPopularity: ['tail', 'torso', 'head'].map((g, i) => ({
        group: g,
        mean: 0.32 - 0.07 * i,
        n: 3000 + rng.int(3000),
      })),
      noiseVsLabel,
      cartography: cartography(rng, 1500),
    },
    effect: {
      curves: curves(rng),
      fullData: [
        { task: 'click', auc: 0.742, seconds: 42.5 },
        { task: 'purchase', auc: 0.681, seconds: 42.5 },
      ],
    },
    samples: {
      columns: [
        'sample_id',
        'group',
        'importance',
        'rank',
        'user',
        'item',
        'category',
        'click',
        'purchase',
        'noise',
      ],
      rows: samples,
    },
    users: {
      segments: [
        ['bargain hunters', 1820, 0.021],
        ['loyal buyers', 640, 0.084],
        ['window shoppers', 3950, 0.006],
        ['new visitors', 2710, 0.011],
        ['category explorers', 1190, 0.032],
      ].map(([name, size, conversion], i) => ({
        name: name as string,
        size: size as number,
        conversion: conversion as number,
        topCategories: [cats[i], cats[i + 5], cats[i + 9]],
      })),
    },
  };
}
