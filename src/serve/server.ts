/**
 * The HTTP service, on Fastify:
 *   POST /v1/rank                 rank candidate items for a user and query
 *   GET  /v1/recommend?user=&k=   top k items for a user
 *   GET  /v1/users/:id/profile    behaviour profile (needs --data)
 *   GET  /healthz                 liveness and the model's load time
 *   GET  /metrics                 Prometheus text
 *   POST /admin/reload            reload the model; loopback callers only
 *   GET  /                        the HTML report, when one was given
 * Unknown users and items are answered cold (200), never 500.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseObjective, type Objective } from '../apps/objective.ts';
import { rankItems } from '../apps/rank.ts';
import { recommend } from '../apps/recommend.ts';
import { userProfile } from '../apps/profile.ts';
import { sendError } from './errors.ts';
import { ServeMetrics } from './metrics.ts';
import {
  profileSchema,
  rankSchema,
  recommendSchema,
  type RankBody,
  type RecommendQuery,
} from './schemas.ts';
import type { ServingState } from './state.ts';

/** Largest accepted request body, in bytes. */
export const BODY_LIMIT = 64 * 1024;

export interface ServerOptions {
  state: ServingState;
  /** An HTML report served at "/", or none. */
  reportFile?: string;
  bodyLimit?: number;
  /** Fastify request logging (default off). */
  logger?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Builds the service (not yet listening). */
export function buildServer(options: ServerOptions): FastifyInstance {
  const { state } = options;
  const metrics = new ServeMetrics();
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? BODY_LIMIT,
    logger: options.logger ?? false,
    return503OnClosing: true,
  });
  app.setErrorHandler(sendError);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(route, reply.statusCode, reply.elapsedTime / 1000);
  });
  const objective = (text: string | undefined): Objective =>
    parseObjective(text ?? 'ctr');

  app.post<{ Body: RankBody }>(
    '/v1/rank',
    { schema: rankSchema },
    async (req) => {
      const b = req.body;
      const ranking = await state.use((current) =>
        rankItems(current, {
          user: b.user,
          query: b.query,
          items: b.items,
          objective: objective(b.objective),
        }),
      );
      if (b.top) ranking.items = ranking.items.slice(0, b.top);
      return ranking;
    },
  );
  app.get<{ Querystring: RecommendQuery }>(
    '/v1/recommend',
    { schema: recommendSchema },
    async (req) =>
      state.use((current) =>
        recommend(current, {
          user: req.query.user,
          k: req.query.k,
          objective: objective(req.query.objective),
          includeBought: req.query.includeBought,
        }),
      ),
  );
  app.get<{ Params: { id: string } }>(
    '/v1/users/:id/profile',
    { schema: profileSchema },
    async (req, reply) => {
      if (!state.facts) {
        return reply.code(404).send({
          error: 'profiles need the service started with --data PREPARED',
        });
      }
      return userProfile(state.facts, req.params.id);
    },
  );
  app.addHook('onClose', () => state.close());
  app.get('/healthz', async () => ({
    status: 'ok',
    tasks: state.current.model.tasks,
    engine: state.current.predictor.kind,
    loadedAt: new Date(state.loadedAt).toISOString(),
  }));
  app.get('/metrics', async (_req, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(metrics.render(process.memoryUsage.rss())),
  );
  app.post('/admin/reload', async (req, reply) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      return reply.code(403).send({ error: 'reload is for loopback only' });
    }
    try {
      await state.reload();
      metrics.reloads++;
    } catch (error) {
      metrics.reloadFailures++;
      req.log.error(error);
      return reply.code(500).send({
        error: 'reload failed; the previous model keeps serving',
      });
    }
    return { status: 'reloaded', loadedAt: state.loadedAt };
  });
  const report = options.reportFile
    ? readFileSync(options.reportFile, 'utf8')
    : null;
  app.get('/', async (_req, reply) =>
    report
      ? reply.type('text/html; charset=utf-8').send(report)
      : reply.code(404).send({ error: 'no report (start with --report FILE)' }),
  );
  return app;
}
