import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECTIONS, type ReportData } from '../../src/report/data.ts';
import { renderReport } from '../../src/report/render.ts';
import { SECTION_INFO } from '../../src/report/sections.ts';
import { UsageError } from '../../src/errors.ts';
import { fixtureReport } from './fixture.ts';

const full = renderReport(fixtureReport());
/** The page without the contents of its script elements. */
const markup = full.replace(
  /(<script\b[^>]*>)[\s\S]*?<\/script>/gi,
  '$1</script>',
);

test('renderReport() links to no external script, style or image', () => {
  assert.doesNotMatch(markup, /<script[^>]*\ssrc=/i);
  assert.doesNotMatch(markup, /<link\b/i);
  assert.doesNotMatch(markup, /<(img|iframe|object|embed)\b/i);
  assert.doesNotMatch(markup, /\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.doesNotMatch(markup, /@import|url\(/i);
  assert.match(full, /default-src 'none'/);
});

test('renderReport() inlines vega, vega-lite and vega-embed', () => {
  assert.match(full, /vegaEmbed/);
  assert.match(full, /vegaLite/);
  const scripts = full.match(/<script\b/g) ?? [];
  const ends = full.match(/<\/script>/gi) ?? [];
  assert.equal(scripts.length, 5);
  assert.equal(ends.length, scripts.length);
});

test('renderReport() has a section and a nav link per section', () => {
  for (const id of SECTIONS) {
    assert.match(full, new RegExp(`<section class="report" id="${id}">`));
    assert.match(full, new RegExp(`href="#${id}"`));
  }
  assert.doesNotMatch(full, /Not run yet/);
});

test('renderReport() of an empty run names the command per section', () => {
  const html = renderReport({ title: 'empty run' });
  for (const id of SECTIONS) {
    const command = SECTION_INFO[id].command;
    assert.ok(html.includes(`<code>${command}</code>`), id);
  }
  assert.equal(html.match(/Not run yet/g)?.length, SECTIONS.length);
});

test('renderReport() escapes text from the data', () => {
  const data: ReportData = {
    title: '<b>run</b>',
    samples: { columns: ['note'], rows: [['</script><script>alert(1)']] },
  };
  const html = renderReport(data);
  assert.ok(html.includes('&lt;b&gt;run&lt;/b&gt;'));
  assert.ok(!html.includes('<script>alert(1)'));
});

test('renderReport() gives the same bytes for the same data', () => {
  assert.equal(renderReport(fixtureReport()), full);
});

test('renderReport() rejects data without a title', () => {
  assert.throws(() => renderReport({} as ReportData), UsageError);
});
