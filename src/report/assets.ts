/**
 * The charting library the page inlines: the minified builds of vega,
 * vega-lite and vega-embed, read once from the installed packages so the
 * report opens without a network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InternalError } from '../errors.ts';
import { inlineScript } from './html.ts';

/** Package and the minified build inside its build folder, in load order. */
const BUILDS: [string, string][] = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
];

let cached: string[] | undefined;

function readBuild(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  try {
    const dir = path.dirname(require.resolve(pkg));
    return inlineScript(readFileSync(path.join(dir, file), 'utf8'));
  } catch (error) {
    throw new InternalError(
      `cannot read the ${pkg} build ${file} to inline it in the report ` +
        `(${(error as Error).message}); reinstall with \`npm ci\`.`,
    );
  }
}

/** The three library sources, ready to put in `<script>` elements. */
export function chartLibraries(): string[] {
  cached ??= BUILDS.map(([pkg, file]) => readBuild(pkg, file));
  return cached;
}
