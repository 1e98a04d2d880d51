/**
 * A loaded application: the model, its feature store and the plan that
 * builds input rows. Rank, recommend and the server all take one.
 */
import type { PreparedData } from '../data/load.ts';
import { loadPrepared } from '../data/load.ts';
import { UsageError } from '../errors.ts';
import type { MultiTaskModel } from '../model/api.ts';
import { loadModel, type ModelFile } from '../model/io.ts';
import type { WinnowModel } from '../model/model.ts';
import {
  createPredictor,
  jsPredictor,
  type Predictor,
  type PredictorOptions,
} from './predictor.ts';
import { planRows, type RowPlan } from './rows.ts';
import {
  buildStore,
  readStore,
  saveStore,
  type FeatureStore,
} from './store.ts';

export interface App {
  model: MultiTaskModel;
  file: ModelFile;
  store: FeatureStore;
  plan: RowPlan;
  /** Learned item vectors (item_id embedding rows), when the model has them. */
  itemSpace: ItemSpace | null;
  /** What scores rows: the model's own pass unless `withPredictor()` ran. */
  predictor: Predictor;
}

/** Item keys with their learned vectors, row-major. */
export interface ItemSpace {
  keys: string[];
  vectors: Float32Array;
  dim: number;
}

/** Assembles an App from parts already in memory. */
export function makeApp(
  model: WinnowModel,
  file: ModelFile,
  store: FeatureStore,
): App {
  const plan = planRows(file.features, store);
  return {
    model,
    file,
    store,
    plan,
    itemSpace: itemSpace(model, file, store),
    predictor: jsPredictor(model),
  };
}

/**
 * The same App scoring through a predictor made by `options` (by default
 * ONNX Runtime when it loads, see predictor.ts). Release the predictor of
 * the result when done with it.
 */
export async function withPredictor(
  app: App,
  options: PredictorOptions = {},
): Promise<App> {
  return { ...app, predictor: await createPredictor(app.model, options) };
}

/**
 * Loads the model in `modelDir` and its store: built from `dataDir` (and
 * saved next to the model for later calls) when given, else read from the
 * model directory.
 */
export async function loadApp(
  modelDir: string,
  dataDir?: string,
): Promise<App> {
  if (dataDir) return loadAppWith(modelDir, await loadPrepared(dataDir));
  const { model, file } = loadModel(modelDir);
  const store = readStore(modelDir);
  if (!store) {
    throw new UsageError(
      `${modelDir} has no feature store yet; pass --data PREPARED (the ` +
        'dataset the model was trained on) once to build it',
    );
  }
  checkMatch(file, store, modelDir);
  return makeApp(model, file, store);
}

/** Loads the model in `modelDir`, builds its store from `data`, saves it. */
export function loadAppWith(modelDir: string, data: PreparedData): App {
  const { model, file } = loadModel(modelDir);
  const app = appFromData(model, file, data);
  saveStore(modelDir, app.store);
  return app;
}

/** Builds an App from a prepared dataset held in memory (tests, evaluate). */
export function appFromData(
  model: WinnowModel,
  file: ModelFile,
  data: PreparedData,
): App {
  const store = buildStore(data);
  checkMatch(file, store, data.dir);
  return makeApp(model, file, store);
}

function checkMatch(file: ModelFile, store: FeatureStore, where: string) {
  const missing = file.features
    .map((f) => f.name)
    .filter(
      (n) =>
        !store.catNames.includes(n) &&
        !store.denseNames.includes(n) &&
        !/^user_interest_in_|^event_.+_term_\d+$/.test(n),
    );
  if (missing.length > file.features.length / 2) {
    throw new UsageError(
      `the data at ${where} lacks most of the model's features ` +
        `(${missing.slice(0, 3).join(', ')}, ...); pass the dataset the ` +
        'model was trained on',
    );
  }
}

function itemSpace(
  model: WinnowModel,
  file: ModelFile,
  store: FeatureStore,
): ItemSpace | null {
  const field = file.features
    .filter((f) => f.kind === 'categorical')
    .findIndex((f) => f.name === 'item_id');
  const at = store.catNames.indexOf('item_id');
  if (field < 0 || at < 0) return null;
  const emb = model.network.embedding;
  const dim = emb.dim;
  const keys = Object.keys(store.items);
  const vectors = new Float32Array(keys.length * dim);
  keys.forEach((key, i) => {
    const id = store.items[key].cat[at];
    const row = emb.offsets[field] + id;
    for (let d = 0; d < dim; d++) {
      vectors[i * dim + d] = emb.table.value[row * dim + d];
    }
  });
  return { keys, vectors, dim };
}
