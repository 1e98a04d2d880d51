import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CANDIDATES } from '../../src/apps/rank.ts';
import { buildRows } from '../../src/apps/rows.ts';
import { createService } from '../../src/serve/index.ts';
import { BODY_LIMIT } from '../../src/serve/server.ts';
import { tinyWorld } from '../apps/fixture.ts';

/** ONNX Runtime's float32 kernels against the built-in pass. */
const ONNX_TOLERANCE = 1e-5;

const world = await tinyWorld();
const report = join(world.root, 'report.html');
writeFileSync(report, '<html><body>winnow report</body></html>');
const { server, state } = await createService({
  modelDir: world.modelDir,
  dataDir: world.dataDir,
  reportFile: report,
});
after(async () => {
  await server.close();
  world.cleanup();
});
const users = Object.keys(state.current.store.users);
const items = Object.keys(state.current.store.items);

const rank = (payload: unknown) =>
  server.inject({
    method: 'POST',
    url: '/v1/rank',
    payload: payload as object,
  });

test('POST /v1/rank returns the items ordered by score', async () => {
  const res = await rank({
    user: users[0],
    query: 'red',
    items: items.slice(0, 10),
  });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.items.length, 10);
  for (let i = 1; i < body.items.length; i++) {
    assert.ok(body.items[i - 1].score >= body.items[i].score);
  }
});

test('POST /v1/rank scores through ONNX Runtime, equal to model.predict()', async () => {
  assert.equal(state.current.predictor.kind, 'onnx');
  const [user, list] = [users[4], items.slice(0, 40)];
  const res = await rank({ user, query: 'blue lamp', items: list });
  assert.equal(res.statusCode, 200);
  const app = state.current;
  const batch = buildRows(app.plan, app.store, user, list, 'blue lamp');
  const want = app.model.predict(batch);
  const T = app.model.tasks.length;
  const served = new Map<string, Record<string, number>>(
    res
      .json()
      .items.map((i: { item: string; probs: object }) => [i.item, i.probs]),
  );
  list.forEach((item, r) => {
    app.model.tasks.forEach((task, t) => {
      const got = served.get(item)![task];
      assert.ok(Math.abs(got - want[r * T + t]) < ONNX_TOLERANCE, item);
    });
  });
});

test('POST /v1/rank answers 400 naming a missing or mistyped field', async () => {
  const missing = await rank({ items: ['a'] });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().field, 'user');
  assert.match(missing.json().error, /user/);
  const typed = await rank({ user: 'u', items: [{ id: 1 }] });
  assert.equal(typed.statusCode, 400);
  assert.match(typed.json().field, /^items/);
  const empty = await rank({ user: 'u', items: [] });
  assert.equal(empty.json().field, 'items');
  const bad = await rank({
    user: 'u',
    items: ['a'],
    objective: 'weighted:x=1',
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error, /task "x"/);
});

test('POST /v1/rank caps the candidate list at MAX_CANDIDATES', async () => {
  const many = Array.from({ length: MAX_CANDIDATES + 1 }, (_, i) => `${i}`);
  const res = await rank({ user: 'u', items: many });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().field, 'items');
});

test('POST /v1/rank answers 413 to a body over the size limit', async () => {
  const res = await server.inject({
    method: 'POST',
    url: '/v1/rank',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ user: 'u', items: ['x'.repeat(BODY_LIMIT)] }),
  });
  assert.equal(res.statusCode, 413);
});

test('POST /v1/rank answers 400 to malformed JSON', async () => {
  const res = await server.inject({
    method: 'POST',
    url: '/v1/rank',
    headers: { 'content-type': 'application/json' },
    payload: '{"user": ',
  });
  assert.equal(res.statusCode, 400);
});

test('unknown users and items get a cold-start 200', async () => {
  const r = await rank({ user: 'stranger', items: ['nope', items[0]] });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().knownUser, false);
  const rec = await server.inject('/v1/recommend?user=stranger&k=3');
  assert.equal(rec.statusCode, 200);
  assert.equal(rec.json().items.length, 3);
  const prof = await server.inject('/v1/users/stranger/profile');
  assert.equal(prof.statusCode, 200);
  assert.equal(prof.json().known, false);
});

test('GET /v1/recommend validates k and returns k items', async () => {
  const ok = await server.inject(`/v1/recommend?user=${users[1]}&k=4`);
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().items.length, 4);
  const bad = await server.inject(`/v1/recommend?user=${users[1]}&k=zero`);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'k');
});

test('GET /v1/users/:id/profile of a known user has its figures', async () => {
  const res = await server.inject(`/v1/users/${users[2]}/profile`);
  assert.equal(res.statusCode, 200);
  const p = res.json();
  assert.equal(p.known, true);
  assert.ok(p.activity.exposures > 0);
  assert.ok(p.propensity >= 0 && p.propensity <= 1);
});

test('GET /metrics is Prometheus text with request counters', async () => {
  await server.inject('/healthz');
  const res = await server.inject('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(
    res.headers['content-type'] as string,
    /^text\/plain; version=0\.0\.4/,
  );
  const lines = res.body.trim().split('\n');
  const sample = /^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$/;
  for (const line of lines) {
    assert.ok(line.startsWith('# ') || sample.test(line), line);
  }
  assert.match(
    res.body,
    /winnow_http_requests_total\{route="\/healthz",status="200"\} \d+/,
  );
  assert.match(
    res.body,
    /# TYPE winnow_http_request_duration_seconds histogram/,
  );
});

test('GET / serves the report file', async () => {
  const res = await server.inject('/');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /winnow report/);
});

test('POST /admin/reload swaps the model without dropping requests', async () => {
  const before = state.current;
  const body = { user: users[0], items: items.slice(0, 50) };
  const requests = Array.from({ length: 40 }, () => rank(body));
  const reload = server.inject({ method: 'POST', url: '/admin/reload' });
  const more = Array.from({ length: 40 }, () => rank(body));
  const all = await Promise.all([...requests, reload, ...more]);
  assert.ok(
    all.every((r) => r.statusCode === 200),
    'every request answered',
  );
  assert.notEqual(state.current, before);
  const scores = (r: (typeof all)[number]) =>
    r.json().items.map((i: { score: number }) => i.score.toFixed(6));
  // Same weights reloaded: answers before and after agree.
  assert.deepEqual(scores(all[0]), scores(all.at(-1)!));
});

test('POST /admin/reload refuses callers off loopback', async () => {
  const res = await server.inject({
    method: 'POST',
    url: '/admin/reload',
    remoteAddress: '10.1.2.3',
  });
  assert.equal(res.statusCode, 403);
});

test('close() finishes in-flight requests, then refuses new ones', async () => {
  const { server: s } = await createService({ modelDir: world.modelDir });
  // Hold every request in its handler until close() has begun.
  const n = 10;
  let arrived = 0;
  let allArrived!: () => void;
  const arrivedAll = new Promise<void>((r) => (allArrived = r));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  s.addHook('preHandler', async () => {
    if (++arrived === n) allArrived();
    await gate;
  });
  await s.listen({ port: 0, host: '127.0.0.1' });
  const address = s.server.address();
  assert.ok(address && typeof address === 'object');
  const url = `http://127.0.0.1:${address.port}/v1/rank`;
  const post = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: users[0], items: items.slice(0, 60) }),
    });
  const inflight = Array.from({ length: n }, post);
  await arrivedAll;
  const closing = s.close();
  release();
  const answers = await Promise.all(inflight);
  await closing;
  assert.deepEqual(
    answers.map((r) => r.status),
    answers.map(() => 200),
  );
  await assert.rejects(post());
});
