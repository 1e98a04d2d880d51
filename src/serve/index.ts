/**
 * Starting the service from directories: loads the model (and the data for
 * its store and for profiles), builds the server, and offers the reload
 * the signal handler and the admin route call.
 */
import type { FastifyInstance } from 'fastify';
import { loadApp, loadAppWith, withPredictor } from '../apps/context.ts';
import type { PredictorOptions } from '../apps/predictor.ts';
import { countFacts } from '../apps/facts.ts';
import { loadPrepared } from '../data/load.ts';
import { buildServer } from './server.ts';
import { ServingState } from './state.ts';

export interface ServeSetup {
  modelDir: string;
  dataDir?: string;
  reportFile?: string;
  logger?: boolean;
  /** How rows are scored (default: ONNX Runtime when it loads). */
  predictor?: PredictorOptions;
}

export interface Service {
  server: FastifyInstance;
  state: ServingState;
}

/** Loads everything and builds the service (not yet listening). */
export async function createService(setup: ServeSetup): Promise<Service> {
  const data = setup.dataDir ? await loadPrepared(setup.dataDir) : null;
  const loaded = data
    ? loadAppWith(setup.modelDir, data)
    : await loadApp(setup.modelDir);
  const app = await withPredictor(loaded, setup.predictor);
  const facts = data ? countFacts(data) : null;
  // The store was saved next to the model above; reloads read it again.
  const reload = async () =>
    withPredictor(await loadApp(setup.modelDir), setup.predictor);
  const state = new ServingState(app, reload, facts);
  const server = buildServer({
    state,
    reportFile: setup.reportFile,
    logger: setup.logger,
  });
  return { server, state };
}
