/**
 * The model the service answers with, swapped whole on reload. A request
 * takes the current App once and uses it to the end, so a reload never
 * drops or mixes a request: in-flight requests finish on the old model,
 * later ones start on the new one. A failed reload keeps the old model.
 */
import type { App } from '../apps/context.ts';
import type { FactsTable } from '../apps/facts.ts';

export type AppLoader = () => Promise<App>;

export class ServingState {
  private loading: Promise<void> | null = null;
  /** When the current model was loaded (ms since the epoch). */
  loadedAt = Date.now();

  constructor(
    private app: App,
    private readonly loader: AppLoader,
    /** Behaviour facts for profiles; null without --data. */
    readonly facts: FactsTable | null,
  ) {}

  get current(): App {
    return this.app;
  }

  /**
   * Loads the model again and swaps it in. Concurrent calls share one
   * load. Rejects (keeping the old model) when loading fails.
   */
  reload(): Promise<void> {
    this.loading ??= this.loader()
      .then((app) => {
        this.app = app;
        this.loadedAt = Date.now();
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
