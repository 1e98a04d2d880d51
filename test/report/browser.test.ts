/**
 * Opens a rendered report in headless Chromium and checks that it works
 * offline: every chart draws marks, nothing is logged as an error, no
 * request leaves the page, and the samples filter hides rows. Saves a
 * screenshot to test-output/report.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildCharts } from '../../src/report/charts.ts';
import { renderReport } from '../../src/report/render.ts';
import { fixtureReport } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const OUT = path.join(ROOT, 'test-output');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long the charts may take to draw on a slow shared machine. */
const DRAW_TIMEOUT_MS = 60_000;

const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium package ` +
    '(apt-get install -y chromium) to run the browser tests';

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Renders the fixture to test-output/ and opens it in a new page. */
async function openReport(browser: Browser): Promise<Opened> {
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, 'report.html');
  writeFileSync(file, renderReport(fixtureReport()));
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
  });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.goto('file://' + file);
  await page.waitForSelector('body[data-charts="done"]', {
    timeout: DRAW_TIMEOUT_MS,
  });
  return { page, errors, requests };
}

/** Per chart container: its render state and how many data marks it drew. */
async function markCounts(
  page: Page,
): Promise<Record<string, { state: string | null; marks: number }>> {
  return page.$$eval('div.vega', (nodes) =>
    Object.fromEntries(
      nodes.map((n) => [
        n.id,
        {
          state: n.getAttribute('data-rendered'),
          marks: n.querySelectorAll('svg .role-mark > *').length,
        },
      ]),
    ),
  );
}

async function visibleRows(page: Page): Promise<number> {
  return page.$$eval(
    '#samples-table tbody tr',
    (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length,
  );
}

test('the report renders in headless Chromium', { skip }, async (t) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ARGS,
  });
  try {
    const { page, errors, requests } = await openReport(browser);
    await t.test('every chart container holds an SVG with marks', async () => {
      const counts = await markCounts(page);
      const expected = buildCharts(fixtureReport()).map((c) => c.id);
      assert.deepEqual(Object.keys(counts).sort(), [...expected].sort());
      for (const [id, { state, marks }] of Object.entries(counts)) {
        assert.equal(state, 'true', `${id} did not render`);
        assert.ok(marks > 0, `${id} drew no marks`);
      }
    });

    await t.test('the page logged no errors and fetched nothing', () => {
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
    });

    await t.test('typing into the samples filter hides rows', async () => {
      const before = await visibleRows(page);
      await page.fill('#samples-filter', 'bottom');
      const after = await visibleRows(page);
      assert.equal(before, 400);
      assert.equal(after, 200);
      const count = await page.textContent('#samples-filter-count');
      assert.equal(count, '200 of 400 rows');
      await page.fill('#samples-filter', 'no-such-value-anywhere');
      assert.equal(await visibleRows(page), 0);
      await page.fill('#samples-filter', '');
      assert.equal(await visibleRows(page), before);
    });

    await t.test('clicking a header sorts the samples table', async () => {
      const col = "#samples-table thead th:has-text('importance')";
      await page.click(col);
      const values = await page.$$eval(
        '#samples-table tbody tr td:nth-child(3)',
        (cells) => cells.map((c) => Number(c.getAttribute('data-v'))),
      );
      const sorted = [...values].sort((a, b) => a - b);
      assert.deepEqual(values, sorted);
    });

    await page.screenshot({
      path: path.join(OUT, 'report.png'),
      fullPage: true,
    });
  } finally {
    await browser.close();
  }
});
