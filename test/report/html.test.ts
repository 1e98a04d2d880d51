import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeHtml,
  inlineScript,
  jsonForScript,
} from '../../src/report/html.ts';

test('escapeHtml() escapes the five special characters', () => {
  assert.equal(
    escapeHtml(`<a href="x">Tom & 'Jerry'</a>`),
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
  );
});

test('jsonForScript() hides </script> and round-trips through JSON', () => {
  const value = { s: '</script><!-- & \u2028', n: [1.5, -2] };
  const text = jsonForScript(value);
  assert.doesNotMatch(text, /[<>&\u2028]/);
  assert.deepEqual(JSON.parse(text), value);
});

test('inlineScript() escapes </script and <!-- in any case', () => {
  const src = 'a = "</SCRIPT>"; b = "</script"; c = "<!--";';
  const out = inlineScript(src);
  assert.doesNotMatch(out, /<\/script/i);
  assert.doesNotMatch(out, /<!--/);
  // The escaped source means the same thing to JavaScript.
  const run = (code: string) => new Function(`${code} return [a, b, c];`)();
  assert.deepEqual(run(out), run(src));
});
