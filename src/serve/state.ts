/**
 * The model the service answers with, swapped whole on reload. A request
 * takes the current App once (`use()`) and keeps it to the end, so a
 * reload never drops or mixes a request: in-flight requests finish on the
 * old model, later ones start on the new one. The old App's predictor
 * (native ONNX Runtime memory) is released once its last request is done.
 * A failed reload keeps the old model.
 */
import type { App } from '../apps/context.ts';
import type { FactsTable } from '../apps/facts.ts';

export type AppLoader = () => Promise<App>;

/** One loaded App and the requests still using it. */
interface Generation {
  app: App;
  inFlight: number;
  retired: boolean;
  released: boolean;
}

export class ServingState {
  private loading: Promise<void> | null = null;
  private gen: Generation;
  private readonly releasing = new Set<Promise<void>>();
  /** When the current model was loaded (ms since the epoch). */
  loadedAt = Date.now();

  constructor(
    app: App,
    private readonly loader: AppLoader,
    /** Behaviour facts for profiles; null without --data. */
    readonly facts: FactsTable | null,
  ) {
    this.gen = { app, inFlight: 0, retired: false, released: false };
  }

  /** The App new requests get (for reading; score through `use()`). */
  get current(): App {
    return this.gen.app;
  }

  /** Runs `work` on the current App, which stays alive until it ends. */
  async use<T>(work: (app: App) => Promise<T>): Promise<T> {
    const g = this.gen;
    g.inFlight++;
    try {
      return await work(g.app);
    } finally {
      g.inFlight--;
      this.releaseIfIdle(g);
    }
  }

  /**
   * Loads the model again and swaps it in. Concurrent calls share one
   * load. Rejects (keeping the old model) when loading fails.
   */
  reload(): Promise<void> {
    this.loading ??= this.loader()
      .then((app) => {
        const old = this.gen;
        this.gen = { app, inFlight: 0, retired: false, released: false };
        this.loadedAt = Date.now();
        old.retired = true;
        this.releaseIfIdle(old);
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Releases the current predictor; call after the last request. */
  async close(): Promise<void> {
    await this.loading?.catch(() => {});
    this.gen.retired = true;
    this.releaseIfIdle(this.gen);
    await Promise.all(this.releasing);
  }

  private releaseIfIdle(g: Generation): void {
    if (!g.retired || g.released || g.inFlight > 0) return;
    g.released = true;
    const done = g.app.predictor
      .release()
      .catch(() => {})
      .finally(() => this.releasing.delete(done));
    this.releasing.add(done);
  }
}
