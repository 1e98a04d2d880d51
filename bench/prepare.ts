/**
 * Benchmark of `winnow prepare` on generated worlds: seconds, rows per
 * second and peak resident memory per size, and how time grows with size.
 *
 *   node --import tsx bench/prepare.ts [--events 1000000,10000000]
 *   npm run bench -- prepare [--events ...]
 *   npm run bench -- prepare --preset taobao-hscd --data DIR   (one dataset)
 *
 * Worlds are generated once and cached under the system temp folder
 * (winnow-bench-worlds/), keyed by their size and seed. The target: 10M
 * events in under 60 s on 2 cores, under 2 GiB peak RSS, time linear in
 * the number of events.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'winnow.js');
const TIME = '/usr/bin/time';
const SEED = 7;
const DEFAULT_EVENTS = [1_000_000, 10_000_000];
/** The issue's targets for 10M events. */
const TARGET_SECONDS = 60;
const TARGET_RSS_MIB = 2048;

interface Measure {
  events: number;
  samples: number;
  seconds: number;
  rssMiB: number;
  /** One-minute load average before and after the run (2 cores here). */
  load: [number, number];
}

export async function runPrepareBench(args: string[]): Promise<void> {
  const preset = flag(args, '--preset');
  if (preset) {
    const data = flag(args, '--data');
    if (!data) throw new Error('--preset needs --data PATH');
    const m = await timePrepare(['--preset', preset, '--data', data], 0);
    print({ ...m, events: m.samples }, `preset ${preset}`);
    return;
  }
  const sizes = parseEvents(args);
  const cache = join(tmpdir(), 'winnow-bench-worlds');
  const results: Measure[] = [];
  for (const events of sizes) {
    const world = await ensureWorld(cache, events);
    const preset = ['--preset', 'generated', '--data', world];
    results.push(await timePrepare(preset, events));
    print(results.at(-1)!);
  }
  summarise(results);
}

function parseEvents(args: string[]): number[] {
  const at = args.indexOf('--events');
  if (at < 0) return DEFAULT_EVENTS;
  const list = (args[at + 1] ?? '').split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1000)) {
    throw new Error(
      `--events expects a comma-separated list of integers >= 1000; ` +
        `got ${args[at + 1]}`,
    );
  }
  return list;
}

/** Generates (once) a world of `events` rows; returns its folder. */
async function ensureWorld(cache: string, events: number): Promise<string> {
  const users = Math.max(100, Math.round(events / 100));
  const items = Math.max(100, Math.round(events / 500));
  const dir = join(cache, `e${events}-u${users}-i${items}-s${SEED}`);
  if (existsSync(join(dir, 'world.json'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`generating ${events} events into ${dir} ...\n`);
  const started = performance.now();
  const args = [
    CLI,
    'generate',
    '--out',
    dir,
    ...['--users', String(users), '--items', String(items)],
    ...['--events', String(events), '--seed', String(SEED)],
  ];
  const { code, stderr } = await run(process.execPath, args);
  if (code !== 0) throw new Error(`generate failed (${code}):\n${stderr}`);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`generated in ${seconds.toFixed(1)} s\n`);
  return dir;
}

/** Runs the CLI's prepare on `world` and measures time and peak RSS. */
async function timePrepare(input: string[], events: number): Promise<Measure> {
  const work = mkdtempSync(join(tmpdir(), 'winnow-bench-prepare-'));
  const out = join(work, 'prepared');
  const prepareArgs = ['prepare', ...input, '--out', out, '--quiet'];
  try {
    const loadBefore = loadavg()[0];
    const started = performance.now();
    const r = existsSync(TIME)
      ? await run(TIME, ['-v', process.execPath, CLI, ...prepareArgs])
      : await run(process.execPath, [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          selfMeasuring(prepareArgs),
        ]);
    const seconds = (performance.now() - started) / 1000;
    if (r.code !== 0)
      throw new Error(`prepare failed (${r.code}):\n${r.stderr}`);
    const manifest = JSON.parse(
      readFileSync(join(out, 'manifest.json'), 'utf8'),
    ) as { rows: Record<string, number> };
    const samples = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
    const load: [number, number] = [loadBefore, loadavg()[0]];
    return { events, samples, seconds, rssMiB: peakRssMiB(r.stderr), load };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A script that runs the CLI in-process and reports its own peak RSS. */
function selfMeasuring(args: string[]): string {
  const main = pathToFileURL(join(ROOT, 'src', 'cli', 'main.ts')).href;
  return (
    `const { main } = await import(${JSON.stringify(main)});` +
    `const code = await main(['node', 'winnow', ` +
    `...${JSON.stringify(args)}]);` +
    `process.stderr.write('Maximum resident set size (kbytes): ' + ` +
    `process.resourceUsage().maxRSS + '\\n');` +
    'process.exitCode = code;'
  );
}

function peakRssMiB(stderr: string): number {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1024 : NaN;
}

function run(
  command: string,
  args: string[],
): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stderr }));
  });
}

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

function print(m: Measure, what?: string): void {
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `prepare ${what ?? `${fmt(m.events)} events`} -> ${fmt(m.samples)} samples: ` +
      `${m.seconds.toFixed(1)} s, ${fmt(m.events / m.seconds)} events/s, ` +
      `${fmt(m.samples / m.seconds)} samples/s, ` +
      `peak RSS ${fmt(m.rssMiB)} MiB ` +
      `(load ${m.load.map((x) => x.toFixed(1)).join(' -> ')})`,
  );
}

function summarise(results: Measure[]): void {
  if (results.length >= 2) {
    const a = results[0];
    const b = results.at(-1)!;
    const size = b.events / a.events;
    const growth = b.seconds / a.seconds;
    console.log(
      `growth ${fmt1(b.events)}/${fmt1(a.events)}: events x${size.toFixed(1)}, ` +
        `time x${growth.toFixed(2)} (linear is x${size.toFixed(1)}), ` +
        `RSS x${(b.rssMiB / a.rssMiB).toFixed(2)}`,
    );
  }
  const big = results.find((r) => r.events === 10_000_000);
  if (big) {
    const ok = big.seconds < TARGET_SECONDS && big.rssMiB < TARGET_RSS_MIB;
    console.log(
      `target (10M events < ${TARGET_SECONDS} s, < ${TARGET_RSS_MIB} MiB): ` +
        (ok ? 'met' : 'MISSED'),
    );
  }
}

function fmt1(events: number): string {
  return events >= 1e6 ? `${events / 1e6}M` : `${events / 1e3}k`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runPrepareBench(process.argv.slice(2));
}
