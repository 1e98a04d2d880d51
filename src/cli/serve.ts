/**
 * `winnow serve`: the HTTP service. SIGHUP reloads the model (as does
 * POST /admin/reload from loopback); SIGINT and SIGTERM close gracefully,
 * finishing requests in flight.
 */
import type { Command } from 'commander';
import { ENGINE_HELP, parseEngine } from '../apps/predictor.ts';
import { UsageError } from '../errors.ts';
import { createService } from '../serve/index.ts';

interface ServeFlags {
  model: string;
  data?: string;
  port: string;
  host: string;
  report?: string;
  log?: boolean;
  engine: string;
  threads: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve ranking, recommendation and profiles over HTTP: POST /v1/rank, ' +
        'GET /v1/recommend, GET /v1/users/{id}/profile, /healthz, /metrics.',
    )
    .requiredOption('--model <dir>', 'a model directory (winnow train)')
    .option('--data <dir>', 'its prepared dataset (store and profiles)')
    .option('--port <n>', 'TCP port', '8080')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option('--report <file>', 'an HTML report to serve at /')
    .option('--log', 'log every request (JSON lines on stdout)')
    .option('--engine <e>', ENGINE_HELP, 'auto')
    .option('--threads <n>', 'ONNX Runtime threads per request', '1')
    .action(async (o: ServeFlags) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port expects 0..65535; got ${o.port}`);
      }
      const threads = Number(o.threads);
      if (!Number.isInteger(threads) || threads < 1) {
        throw new UsageError(
          `--threads expects a whole number >= 1; got ${o.threads}`,
        );
      }
      const { server, state } = await createService({
        modelDir: o.model,
        dataDir: o.data,
        reportFile: o.report,
        logger: o.log,
        predictor: { engine: parseEngine(o.engine), threads },
      });
      const p = state.current.predictor;
      if (p.fallback) {
        console.error(
          `winnow serve: ONNX Runtime unavailable (${p.fallback}); ` +
            'scoring with the built-in forward pass',
        );
      }
      const address = await server.listen({ port, host: o.host });
      console.error(`winnow serve: listening on ${address} (engine ${p.kind})`);
      await new Promise<void>((done) => {
        process.on('SIGHUP', () => {
          state.reload().then(
            () => console.error('winnow serve: model reloaded'),
            (e: Error) =>
              console.error(`winnow serve: reload failed: ${e.message}`),
          );
        });
        const stop = () => {
          console.error('winnow serve: closing');
          server.close().then(done, done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
