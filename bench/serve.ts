/**
 * Load benchmark of `winnow serve`, loopback only and bounded in time:
 *   1. POST /v1/rank with 100 candidates for --seconds (default 30) with
 *      autocannon: requests/s, p50/p99 latency, errors, non-2xx answers
 *      and the server's resident memory before and after;
 *   2. a burst of malformed requests (bad JSON, missing and mistyped
 *      fields, too many candidates, oversized bodies): every answer must
 *      be 4xx, and a valid request must still get 200 afterwards.
 * Targets: >= 200 req/s, p99 < 25 ms, zero errors, RSS not growing.
 *
 *   node --import tsx bench/serve.ts [--seconds 30] [--model M --data P]
 *                                    [--engine auto|onnx|js]
 *
 * Without --model it builds a small world (2,000 users, 1,000 items) and
 * a default-shaped model in a temporary folder first (not timed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { parseFlags } from '../src/cli/train.ts';
import { runTraining } from '../src/cli/train-run.ts';
import { loadPrepared } from '../src/data/load.ts';
import { prepare } from '../src/data/prepare.ts';
import { presetConfig } from '../src/data/presets.ts';
import { generateWorld } from '../src/generate/index.ts';

const CANDIDATES = 100;
const CONNECTIONS = 8;
/** Offered load of the timed run (requests/s over all connections). */
const RATE = 250;
const BURST_SECONDS = 5;
/** Linux clock ticks per second in /proc/PID/stat (USER_HZ). */
const CLOCK_TICKS = 100;
const REPO = resolve(import.meta.dirname, '..');

interface Setup {
  model: string;
  data: string;
  cleanup: () => void;
}

export async function runServeBench(args: string[]): Promise<void> {
  const flags = parseArgs(args);
  const setup = flags.model
    ? { model: flags.model, data: flags.data!, cleanup: () => {} }
    : await buildWorld();
  const port = await freePort();
  const server = await startServer(setup, port, flags.engine).catch(
    (error: unknown) => {
      setup.cleanup();
      throw error;
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    const { users, items } = await keys(setup.data);
    await load(base, users, items, 3); // warm-up
    const rssBefore = await rss(base);
    const cpuBefore = cpuSeconds(server.pid);
    const r = await load(base, users, items, flags.seconds);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const rssAfter = await rss(base);
    const health = await (await fetch(`${base}/healthz`)).json();
    console.log(`engine ${health.engine}, load average ${loadavg()[0]}`);
    report(r, rssBefore, rssAfter);
    console.log(
      `  server CPU   ${((1000 * cpu) / r.requests.total).toFixed(2)} ` +
        `ms per request (${cpu.toFixed(1)} s over the run)`,
    );
    await burst(base, users[0], items);
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
    setup.cleanup();
  }
}

function parseArgs(args: string[]) {
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seconds = Number(get('seconds') ?? 30);
  if (!(seconds > 0 && seconds <= 600)) {
    throw new Error(`--seconds must be in (0, 600]; got ${get('seconds')}`);
  }
  const model = get('model');
  if (model && !get('data')) throw new Error('--model needs --data too');
  const engine = get('engine') ?? 'auto';
  return { seconds, model, data: get('data'), engine };
}

async function buildWorld(): Promise<Setup> {
  const root = mkdtempSync(join(tmpdir(), 'winnow-bench-serve-'));
  const world = join(root, 'world');
  const data = join(root, 'prep');
  const model = join(root, 'model');
  console.error('building a world, a dataset and a model (not timed)...');
  await generateWorld({
    out: world,
    users: 2000,
    items: 1000,
    events: 200_000,
  });
  await prepare(presetConfig('generated', world), data);
  await runTraining(
    parseFlags({ out: model, epochs: '1' }),
    await loadPrepared(data),
  );
  return { model, data, cleanup: () => rmSync(root, { recursive: true }) };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

function startServer(
  setup: Setup,
  port: number,
  engine: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(REPO, 'bin', 'winnow.js'),
      'serve',
      '--model',
      setup.model,
      '--data',
      setup.data,
      '--port',
      `${port}`,
      '--engine',
      engine,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((done, fail) => {
    let text = '';
    child.stderr!.on('data', (b: Buffer) => {
      text += b.toString();
      if (text.includes('listening on')) done(child);
    });
    child.once('exit', (code) =>
      fail(new Error(`serve exited ${code}: ${text}`)),
    );
  });
}

async function keys(dataDir: string) {
  const d = await loadPrepared(dataDir, ['test']);
  return { users: d.splits.test.userKeys, items: d.splits.test.itemKeys };
}

/** User + system CPU seconds of a process so far (Linux), else NaN. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

async function rss(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

function rankBodies(users: string[], items: string[]): string[] {
  return users.slice(0, 200).map((user, u) => {
    const start = (u * 37) % Math.max(1, items.length - CANDIDATES);
    const list = items.slice(start, start + CANDIDATES);
    return JSON.stringify({ user, query: 'blue lamp', items: list });
  });
}

function load(
  base: string,
  users: string[],
  items: string[],
  seconds: number,
): Promise<autocannon.Result> {
  const bodies = rankBodies(users, items);
  let next = 0;
  return autocannon({
    url: `${base}/v1/rank`,
    method: 'POST',
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: bodies[next++ % bodies.length],
        }),
      },
    ],
  });
}

function report(r: autocannon.Result, before: number, after: number): void {
  const mb = (x: number) => (x / 2 ** 20).toFixed(1);
  const lines = [
    `POST /v1/rank, ${CANDIDATES} candidates, ${CONNECTIONS} connections, ` +
      `offered ${RATE} req/s, ${r.duration} s`,
    `  requests/s   mean ${r.requests.average.toFixed(0)}, ` +
      `min ${r.requests.min}  (target >= 200)`,
    `  latency ms   p50 ${r.latency.p50}, p99 ${r.latency.p99}, ` +
      `max ${r.latency.max}  (target p99 < 25)`,
    `  errors       ${r.errors}, timeouts ${r.timeouts}, ` +
      `non-2xx ${r.non2xx}  (target 0)`,
    `  server RSS   ${mb(before)} MiB -> ${mb(after)} MiB`,
  ];
  console.log(lines.join('\n'));
}

const MALFORMED = [
  '{"user": ',
  '{"items": ["a"]}',
  '{"user": "u", "items": [{"id": 1}]}',
  '{"user": "u", "items": []}',
  '[1, 2, 3]',
  'null',
];

async function burst(base: string, user: string, items: string[]) {
  const tooMany = JSON.stringify({
    user,
    items: Array.from({ length: 1001 }, (_, i) => `x${i}`),
  });
  const huge = JSON.stringify({ user, items: ['y'.repeat(100_000)] });
  const bodies = [...MALFORMED, tooMany, huge];
  let n = 0;
  const r = await autocannon({
    url: `${base}/v1/rank`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: BURST_SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }),
      },
    ],
  });
  const ok = await fetch(`${base}/v1/rank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, items: items.slice(0, CANDIDATES) }),
  });
  console.log(
    [
      `malformed burst, ${BURST_SECONDS} s: ${r.requests.total} requests`,
      `  2xx ${r['2xx']}, 4xx ${r['4xx']}, 5xx ${r['5xx']}, ` +
        `errors ${r.errors}  (target: 4xx only)`,
      `  valid request afterwards: ${ok.status}  (target 200)`,
    ].join('\n'),
  );
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(import.meta.filename)
) {
  await runServeBench(process.argv.slice(2));
}
