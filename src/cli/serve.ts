/**
 * `winnow serve`: the HTTP service. SIGHUP reloads the model (as does
 * POST /admin/reload from loopback); SIGINT and SIGTERM close gracefully,
 * finishing requests in flight.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { createService } from '../serve/index.ts';

interface ServeFlags {
  model: string;
  data?: string;
  port: string;
  host: string;
  report?: string;
  log?: boolean;
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
    .action(async (o: ServeFlags) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port expects 0..65535; got ${o.port}`);
      }
      const { server, state } = await createService({
        modelDir: o.model,
        dataDir: o.data,
        reportFile: o.report,
        logger: o.log,
      });
      const address = await server.listen({ port, host: o.host });
      console.error(`winnow serve: listening on ${address}`);
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
