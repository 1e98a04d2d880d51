import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { buildCharts, sectionCharts } from '../../src/report/charts.ts';
import { timeSavedRows } from '../../src/report/charts/effect-charts.ts';
import { metricRows } from '../../src/report/charts/model-charts.ts';
import { SECTIONS, type ReportData } from '../../src/report/data.ts';
import { fixtureReport } from './fixture.ts';

/** Float tolerance for sums of a few float64 values. */
const EPS = 1e-12;

interface AxisUse {
  channel: string;
  title: unknown;
  type: unknown;
}

/** Every x/y encoding in a spec tree that draws an axis. */
function axes(node: unknown, out: AxisUse[] = []): AxisUse[] {
  if (Array.isArray(node)) {
    for (const n of node) axes(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const enc = o.encoding as Record<string, Record<string, unknown>>;
    for (const channel of ['x', 'y']) {
      const def = enc?.[channel];
      if (def && def.axis !== null) {
        out.push({ channel, title: def.title, type: def.type });
      }
    }
    for (const [k, v] of Object.entries(o)) {
      if (k !== 'data' && k !== 'config') axes(v, out);
    }
  }
  return out;
}

const charts = buildCharts(fixtureReport());

test('buildCharts() of a full report makes every chart once', () => {
  const ids = charts.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids.length, 14);
  for (const section of ['data', 'model', 'importance', 'effect', 'users']) {
    assert.ok(
      charts.some((c) => c.section === section),
      section,
    );
  }
});

test('every chart has a title, a one-line guide and titled axes', () => {
  for (const c of charts) {
    assert.ok(c.title.length > 0, c.id);
    assert.equal((c.spec as { title?: string }).title, c.title, c.id);
    assert.ok(c.guide.length > 20 && !c.guide.includes('\n'), c.id);
    assert.ok(c.guide.length <= 200, `${c.id}: guide longer than a line`);
    const used = axes(c.spec);
    assert.ok(
      used.some((a) => a.channel === 'x'),
      `${c.id}: no x axis`,
    );
    assert.ok(
      used.some((a) => a.channel === 'y'),
      `${c.id}: no y axis`,
    );
    for (const a of used) {
      assert.equal(typeof a.title, 'string', `${c.id} ${a.channel} title`);
      if (a.type === 'quantitative') {
        assert.match(
          a.title as string,
          /\(.+\)/,
          `${c.id} ${a.channel}: quantitative axis without a unit`,
        );
      }
    }
  }
});

test('every spec compiles without warnings and draws marks', async () => {
  for (const c of charts) {
    const warnings: string[] = [];
    const logger = {
      level() {
        return logger;
      },
      warn: (...m: unknown[]) => void warnings.push(m.join(' ')),
      info: () => logger,
      debug: () => logger,
      error: (...m: unknown[]) => void warnings.push(m.join(' ')),
    };
    const compiled = vl.compile(c.spec, { logger: logger as never }).spec;
    assert.deepEqual(warnings, [], c.id);
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const marks = svg.match(/class="[^"]*role-mark[^"]*"[^>]*>\s*<(path|g)/g);
    assert.ok(marks && marks.length > 0, `${c.id} drew no marks`);
  }
});

test('a chart spec names no remote resource', () => {
  for (const c of charts) {
    assert.doesNotMatch(JSON.stringify(c.spec), /https?:\/\//, c.id);
  }
});

test('sectionCharts() of an absent or empty section is empty', () => {
  const bare: ReportData = { title: 'bare' };
  for (const id of SECTIONS) assert.deepEqual(sectionCharts(bare, id), []);
  const empty: ReportData = {
    title: 'empty',
    effect: { curves: [], fullData: [] },
    users: { segments: [] },
  };
  assert.deepEqual(buildCharts(empty), []);
});

test('metricRows() skips metrics that are absent or not finite', () => {
  const rows = metricRows([
    { task: 'click', split: 'test', auc: 0.7, logloss: 0.3 },
    { task: 'buy', split: 'test', auc: NaN, logloss: 0.1, gauc: 0.6 },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.task, r.value]),
    [
      ['click', 0.7],
      ['buy', 0.6],
      ['click', 0.3],
      ['buy', 0.1],
    ],
  );
});

test('timeSavedRows() averages seeds and compares with full data', () => {
  const rows = timeSavedRows({
    fullData: [{ task: 'click', auc: 0.7, seconds: 40 }],
    curves: [
      {
        scorer: 'loss',
        keep: 0.5,
        seed: 1,
        task: 'click',
        auc: 0.6,
        seconds: 18,
      },
      {
        scorer: 'loss',
        keep: 0.5,
        seed: 2,
        task: 'click',
        auc: 0.6,
        seconds: 22,
      },
      {
        scorer: 'random',
        keep: 0.5,
        seed: 1,
        task: 'click',
        auc: 0.5,
        seconds: 10,
      },
    ],
  });
  assert.equal(rows.length, 2);
  assert.ok(Math.abs(rows[0].seconds - 20) < EPS);
  assert.ok(Math.abs(rows[0].saved - 0.5) < EPS);
  assert.ok(Math.abs(rows[1].saved - 0.75) < EPS);
});
