/**
 * How well the importance scores find known bad samples, per method and
 * against random scores (AUROC, AUPRC, precision at k = number of bad
 * samples, F1 at k), on three kinds of truth, plus seed stability and
 * speed:
 *
 *   real     DenoisingRec's per-interaction flag (0 = false positive) on
 *            the Yelp and Adressa validation interactions (presets
 *            denoisingrec, denoisingrec-adressa), trained on and scored;
 *   planted  taobao-hscd with `plantNoise`: 10% and 20% of the observed
 *            rows' purchase label inverted (a new purchase also sets cart
 *            and click, as a logged buy would), and 10% of the click
 *            negatives (all sampled in this preset) turned into observed
 *            clicks, in memory before training; flagged = any row changed;
 *   truth    a generated world (1500 users, 400 items, 80k events) and its
 *            truth file;
 *   seeds    Spearman correlation of `importance` between two seeds, and
 *            of each column's ranks within label strata (what enters
 *            `importance`: the reliability its default weight reflects);
 *   speed    see bench/score-speed.ts.
 *
 *   npm run bench -- score [--only real,planted,truth,seeds,speed]
 *     [--epochs 3] [--max-rows 0] [--speed-rows 100000,1000000]
 *     [--planted-methods loss,el2n,grand,dynamics,coverage,influence]
 *     [--no-costly] [--inspect] [--work DIR]
 *
 * `--inspect` makes the speed step ignore the gradient norms training
 * recorded and run the inspection pass instead (the path of models
 * trained before norms were recorded, and of ESMM).
 *
 * Models are small (embeddings 8, shared 64-32, towers 16, batch 1024,
 * Adam 1e-3). `--max-rows` caps the hscd training split (seeded uniform
 * sample; valid and test are capped at a sixth of it); 0 uses all 1.53M
 * rows. A 300k sample trains a model that barely ranks (valid AUC about
 * 0.56-0.61), which cannot find noise. On the full split redundancy and
 * knn-shapley take long (HNSW over 1.5M rows), so the planted runs use
 * `--planted-methods` (default: all but those two).
 */
import { mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFlags } from '../src/cli/flags-file.ts';
import { loadPrepared, type PreparedData } from '../src/data/load.ts';
import { spearman } from '../src/importance/evaluate.ts';
import {
  FAKE_CLICK,
  FLIP_OFF,
  FLIP_ON,
  plantNoise,
} from '../src/importance/plant.ts';
import type { ScoringResult } from '../src/importance/score.ts';
import { labelStrata, rankWithinStrata } from '../src/importance/strata.ts';
import { generateWorld } from '../src/generate/index.ts';
import type { MethodName } from '../src/importance/methods.ts';
import {
  best,
  evaluate,
  preparedDir,
  scoreAll,
  SMALL,
  subsample,
  table,
  trainSmall,
  unoriented,
  type Shape,
} from './score-kit.ts';
import { runSpeed } from './score-speed.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATASETS = resolve(ROOT, '..', 'shared', 'datasets');

interface Ctx {
  work: string;
  shape: Shape;
  maxRows: number;
  /** Methods of the planted-noise runs (the ANN ones are slow at 1.5M). */
  plantedMethods: MethodName[];
  /** Target lines, printed again at the end. */
  checks: string[];
}

export async function runScoreBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      only: { type: 'string', default: 'real,planted,truth,seeds,speed' },
      epochs: { type: 'string', default: String(SMALL.epochs) },
      'max-rows': { type: 'string', default: '0' },
      'planted-methods': {
        type: 'string',
        default: 'loss,el2n,grand,dynamics,coverage,influence',
      },
      'speed-rows': { type: 'string', default: '100000,1000000' },
      'no-costly': { type: 'boolean', default: false },
      inspect: { type: 'boolean', default: false },
      work: { type: 'string', default: join(tmpdir(), 'winnow-bench-score') },
    },
  });
  const only = new Set(values.only.split(','));
  const ctx: Ctx = {
    work: values.work,
    shape: { ...SMALL, epochs: Number(values.epochs) },
    maxRows: Number(values['max-rows']),
    plantedMethods: values['planted-methods'].split(',') as MethodName[],
    checks: [],
  };
  mkdirSync(ctx.work, { recursive: true });
  const load = () => +loadavg()[0].toFixed(2);
  console.log(`score bench in ${ctx.work}; load average ${load()}`);
  const start = Date.now();
  if (only.has('real')) await real(ctx);
  if (only.has('planted')) await planted(ctx);
  if (only.has('truth') || only.has('seeds')) await truth(ctx, only);
  if (only.has('seeds')) await seedsOnAdressa(ctx);
  if (only.has('speed')) {
    const rows = values['speed-rows'].split(',').map(Number);
    await runSpeed(ctx.work, DATASETS, rows, ctx.checks, {
      costly: !values['no-costly'],
      inspect: values.inspect,
    });
  }
  console.log(`\ntargets (load average now ${load()}):`);
  for (const c of ctx.checks) console.log(`  ${c}`);
  console.log(`total ${((Date.now() - start) / 1000).toFixed(0)} s`);
}

const mark = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

/**
 * Each kind of planted noise against the untouched rows alone: which
 * kind the detectors find, and which they miss (rows with two kinds are
 * left out of both).
 */
function byKind(result: ScoringResult, kinds: Uint8Array): string {
  const parts: string[] = [];
  for (const [label, bit] of [
    ['fake clicks', FAKE_CLICK],
    ['flips to 1', FLIP_ON],
    ['flips to 0', FLIP_OFF],
  ] as const) {
    const rows: number[] = [];
    for (let r = 0; r < kinds.length; r++) {
      if (kinds[r] === 0 || kinds[r] === bit) rows.push(r);
    }
    const picked = Int32Array.from(rows);
    const flags = Uint8Array.from(picked, (r) => (kinds[r] ? 1 : 0));
    const e = evaluate(result, flags, picked);
    const top = Object.entries(e.methods)
      .sort((a, b) => b[1].auroc - a[1].auroc)
      .slice(0, 3)
      .map(([name, m]) => `${name} ${m.auroc.toFixed(3)}`);
    parts.push(`${label} (${e.flagged}): ${top.join(', ')}`);
  }
  return `  AUROC by kind, against the untouched rows: ${parts.join('; ')}`;
}

/** DenoisingRec's flags: train on the interactions and score them. */
async function real(ctx: Ctx): Promise<void> {
  const folder = join(DATASETS, 'denoisingrec-adt');
  for (const preset of ['denoisingrec', 'denoisingrec-adressa']) {
    const prep = await preparedDir(preset, folder, join(ctx.work, preset));
    const data = await loadPrepared(prep);
    const model = join(ctx.work, `${preset}-model-s${ctx.shape.seed}`);
    const trained = await trainSmall(data, model, ctx.shape);
    const { result, seconds } = scoreAll(data, model);
    const clean = data.splits.train.evalColumns.clean;
    const rows: number[] = [];
    clean.forEach((v, r) => Number.isNaN(v) || rows.push(r));
    const flags = Uint8Array.from(rows, (r) => (clean[r] === 0 ? 1 : 0));
    const e = evaluate(result, flags, Int32Array.from(rows));
    console.log(
      `\n${table(`${preset} (flag clean = 0; observed rows)`, e)}\n` +
        `${unoriented(result, flags, Int32Array.from(rows))}\n` +
        `  train ${trained.seconds.toFixed(0)} s (valid AUC ` +
        `${trained.validAuc}), score ${seconds.toFixed(0)} s ` +
        `(${data.splits.train.rows} rows)`,
    );
    const imp = e.methods.importance.auroc;
    const loss = e.methods.loss.auroc;
    ctx.checks.push(
      `${preset}: importance AUROC ${imp.toFixed(3)} vs loss ` +
        `${loss.toFixed(3)}, random ${e.random.auroc.toFixed(3)}; F1 ` +
        `${e.methods.importance.f1.toFixed(3)} vs loss ` +
        `${e.methods.loss.f1.toFixed(3)}, random ${e.random.f1.toFixed(3)}` +
        ` -> ${mark(imp > loss && imp > e.random.auroc)}`,
    );
  }
}

/** Planted noise in taobao-hscd at two flip rates. */
async function planted(ctx: Ctx): Promise<void> {
  const prep = await preparedDir(
    'taobao-hscd',
    join(DATASETS, 'taobao-multibehavior-hscd'),
    join(ctx.work, 'taobao-hscd'),
  );
  for (const rate of [0.1, 0.2]) {
    const data = await loadPrepared(prep);
    subsample(data, 'train', ctx.maxRows, 1);
    subsample(data, 'valid', Math.round(ctx.maxRows / 6), 2);
    subsample(data, 'test', Math.round(ctx.maxRows / 6), 3);
    const train = data.splits.train;
    const task = (name: string) =>
      data.manifest.tasks.findIndex((t) => t.name === name);
    const p = plantNoise(
      { rows: train.rows, tasks: train.nTasks, labels: train.labels },
      train.sampled,
      {
        flipTask: task('purchase'),
        flipRate: rate,
        fakeClickRate: 0.1,
        implies: [task('click'), task('cart')],
        seed: 11,
      },
    );
    data.splits.train = {
      ...train,
      labels: p.labels.labels,
      sampled: p.sampled ?? train.sampled,
    };
    const model = join(ctx.work, `hscd-planted-${rate}`);
    const trained = await trainSmall(data, model, ctx.shape);
    const { result, seconds } = scoreAll(data, model, ctx.plantedMethods);
    const e = evaluate(result, p.flags);
    console.log(
      `\n${table(
        `taobao-hscd, ${rate * 100}% purchase flips + 10% fake clicks ` +
          `(${p.flipped} flips, ${p.fakeClicks} fake clicks)`,
        e,
      )}\n${unoriented(result, p.flags)}\n${byKind(result, p.kinds)}\n` +
        `  train ${trained.seconds.toFixed(0)} s (valid AUC ` +
        `${trained.validAuc}), score ${seconds.toFixed(0)} s ` +
        `(${train.rows} rows)`,
    );
    const [name, m] = best(e);
    if (rate === 0.1) {
      ctx.checks.push(
        `planted 10%: best ${name} AUROC ${m.auroc.toFixed(3)} (>= 0.90)` +
          ` -> ${mark(m.auroc >= 0.9)}`,
      );
    } else {
      const ratio = m.f1 / e.random.f1;
      ctx.checks.push(
        `planted 20%: best ${name} F1 ${m.f1.toFixed(3)} = ` +
          `${ratio.toFixed(2)}x random ${e.random.f1.toFixed(3)} (>= 2.4x)` +
          ` -> ${mark(ratio >= 2.4)}`,
      );
    }
  }
}

/** The generated world against its truth file; seed stability on it. */
async function truth(ctx: Ctx, only: Set<string>): Promise<void> {
  const world = join(ctx.work, 'world');
  await generateWorld({
    out: world,
    users: 1500,
    items: 400,
    events: 80_000,
    seed: 7,
    force: true,
  });
  const prep = join(ctx.work, 'world-prepared');
  await preparedDir('generated', world, prep);
  const data = await loadPrepared(prep);
  const known = await readFlags(prep, {
    truth: join(world, 'truth.csv'),
    noisyValue: 0,
  });
  const rowOf = new Map<number, number>();
  data.splits.train.sampleId.forEach((id, r) => rowOf.set(id, r));
  const rows = Int32Array.from(known.sampleId, (id) => rowOf.get(id) ?? -1);
  const results: ScoringResult[] = [];
  for (const seed of only.has('seeds') ? [0, 1] : [0]) {
    const model = join(ctx.work, `world-model-s${seed}`);
    const trained = await trainSmall(data, model, { ...ctx.shape, seed });
    const { result } = scoreAll(data, model);
    results.push(result);
    if (seed !== 0 || !only.has('truth')) continue;
    const e = evaluate(result, known.flags, rows);
    console.log(
      `\n${table('generated world (truth.csv)', e)}\n` +
        `${unoriented(result, known.flags, rows)}\n  valid AUC ` +
        trained.validAuc,
    );
    const [name, m] = best(e);
    ctx.checks.push(
      `truth file: best ${name} AUROC ${m.auroc.toFixed(3)}, importance ` +
        `(low = bad) AUROC ${e.methods.importance.auroc.toFixed(3)}, ` +
        `random ${e.random.auroc.toFixed(3)}`,
    );
  }
  if (results.length === 2) {
    seedCheck(ctx, 'generated world', results, trainStrata(data));
  }
}

/** Seed stability on Adressa (real data, 85k training rows). */
async function seedsOnAdressa(ctx: Ctx): Promise<void> {
  const prep = await preparedDir(
    'denoisingrec-adressa',
    join(DATASETS, 'denoisingrec-adt'),
    join(ctx.work, 'denoisingrec-adressa'),
  );
  const data = await loadPrepared(prep);
  const results: ScoringResult[] = [];
  for (const seed of [0, 1]) {
    const model = join(ctx.work, `denoisingrec-adressa-model-s${seed}`);
    await trainSmall(data, model, { ...ctx.shape, seed });
    results.push(scoreAll(data, model).result);
  }
  seedCheck(ctx, 'denoisingrec-adressa', results, trainStrata(data));
}

function trainStrata(data: PreparedData): Int32Array {
  const s = data.splits.train;
  return labelStrata(s.labels, s.nTasks, s.sampled);
}

/**
 * The Spearman correlation of `importance` between the two seeds (the
 * target), and of each column's ranks within `strata`.
 */
function seedCheck(
  ctx: Ctx,
  what: string,
  [a, b]: ScoringResult[],
  strata: Int32Array,
): void {
  const rho = spearman(a.importance, b.importance);
  const cols = new Map([...a.columns, ['noise', a.noise]]);
  const other = new Map([...b.columns, ['noise', b.noise]]);
  const parts = [...cols].map(([name, x]) => {
    const y = other.get(name) as Float32Array;
    const r = spearman(
      rankWithinStrata(x, strata),
      rankWithinStrata(y, strata),
    );
    return `${name} ${r.toFixed(3)}`;
  });
  console.log(
    `\n${what}: Spearman of importance, seeds 0 and 1: ${rho}\n` +
      `  per column, ranks within label strata: ${parts.join(', ')}`,
  );
  ctx.checks.push(
    `${what}: Spearman(importance, seed 0 vs 1) ${rho.toFixed(3)} ` +
      `(>= 0.8) -> ${mark(rho >= 0.8)}`,
  );
}
