/** Escaping for text put into HTML and JSON put into a script element. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * `value` as JSON that can sit inside `<script type="application/json">`:
 * `<`, `>` and `&` become \u escapes so no `</script>` or `<!--` can end or
 * alter the element, and U+2028/U+2029 are escaped for old parsers.
 * JSON.parse of the element's text gives `value` back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/**
 * JavaScript source made safe to inline in a `<script>` element: every
 * `</script` (any case) becomes `<\/script`, which means the same inside JS
 * strings, and `<!--` becomes `<\!--` for the same reason.
 */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
