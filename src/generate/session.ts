/**
 * One session, start to end: a user opens a page, sees its items, clicks,
 * carts and buys some of them. Bots click at random and never buy; noise
 * (accidental clicks, flipped purchases, duplicated rows) is planted here and
 * each planted row is reported to the sink's truth.
 */
import type { Rng } from '../util/rng.ts';
import {
  appealOf,
  cartProbability,
  clickProbability,
  purchaseProbability,
  realDwell,
  type Appeal,
} from './behaviour.ts';
import type { NoiseParams } from './noise.ts';
import { FLIP_ADD_BELOW, FLIP_REMOVE_ABOVE } from './noise.ts';
import { PageBuilder, type Page } from './pages.ts';
import type { EventSink, EventType } from './sink.ts';
import type { World } from './world.ts';

/** Chance that a bot clicks any item it is shown. */
export const BOT_CLICK_RATE = 0.15;

/** What became of a cart: bought or not, and whether a flip made it so. */
type PurchaseOutcome = 'bought' | 'kept' | 'removed' | 'added';

/** Counts of what the simulator decided, before any sink limit. */
export interface SessionStats {
  rows: number;
  /** Clicks by users that are not bots, accidental ones excluded. */
  realClicks: number;
  /** Unclicked impressions outside the user's interests (non-bots). */
  accidentalChances: number;
  purchases: number;
  /** Purchases whose probability was above FLIP_REMOVE_ABOVE. */
  likelyPurchases: number;
  /** Carts without purchase whose probability was below FLIP_ADD_BELOW. */
  unlikelyCarts: number;
}

export class SessionSimulator {
  readonly stats: SessionStats = {
    rows: 0,
    realClicks: 0,
    accidentalChances: 0,
    purchases: 0,
    likelyPurchases: 0,
    unlikelyCarts: 0,
  };
  private readonly pages: PageBuilder;
  private sink!: EventSink;
  private ts = 0;

  constructor(
    private readonly world: World,
    private readonly noise: NoiseParams,
    private readonly rng: Rng,
  ) {
    this.pages = new PageBuilder(world);
  }

  /** Simulates session number `session` starting at `start` seconds. */
  run(session: number, start: number, sink: EventSink): void {
    const rng = this.rng;
    const user = this.world.population.sessionUser.sample(rng);
    const page = this.pages.build(rng, user);
    this.sink = sink;
    sink.beginSession(user, session, page.query);
    for (let k = 0; k < page.items.length; k++) {
      this.ts = start + Math.floor(k * 1.5);
      this.emit('impression', page.items[k], k + 1, NaN);
    }
    if (this.world.population.bot[user]) this.botClicks(page);
    else this.respond(user, page);
  }

  private respond(user: number, page: Page): void {
    for (let k = 0; k < page.items.length; k++) {
      const item = page.items[k];
      const a = appealOf(this.world, user, item);
      const p = clickProbability(a, k + 1, page.relevance[k], page.search);
      if (this.rng.next() < p) {
        this.stats.realClicks++;
        this.realClick(a, item, k + 1);
      } else if (a.interest === 0) {
        this.stats.accidentalChances++;
        if (this.rng.next() < this.noise.accidentalClick) {
          this.accidentalClick(item, k + 1);
        }
      }
    }
  }

  private realClick(a: Appeal, item: number, position: number): void {
    const dwell = realDwell(this.rng, a);
    this.advance(3, 40);
    this.emit('click', item, position, dwell);
    if (this.rng.next() >= cartProbability(a)) return;
    this.ts += Math.ceil(dwell);
    const cartId = this.emit('cart', item, position, NaN);
    const outcome = this.decidePurchase(purchaseProbability(a));
    if (outcome === 'removed') {
      this.sink.truth('flipped_label', item, cartId);
    }
    if (outcome !== 'bought' && outcome !== 'added') return;
    this.advance(20, 600);
    const id = this.emit('purchase', item, position, NaN);
    if (outcome === 'added') this.sink.truth('flipped_label', item, id);
  }

  /** Whether a cart is bought, with the planted label flips. */
  private decidePurchase(p: number): PurchaseOutcome {
    const buy = this.rng.next() < p;
    if (buy) this.stats.purchases++;
    if (buy && p > FLIP_REMOVE_ABOVE) {
      this.stats.likelyPurchases++;
      if (this.rng.next() < this.noise.removePurchase) return 'removed';
    } else if (!buy && p < FLIP_ADD_BELOW) {
      this.stats.unlikelyCarts++;
      if (this.rng.next() < this.noise.addPurchase) return 'added';
    }
    return buy ? 'bought' : 'kept';
  }

  private accidentalClick(item: number, position: number): void {
    this.advance(1, 10);
    const dwell = 0.2 + 1.7 * this.rng.next();
    const id = this.emit('click', item, position, dwell);
    this.sink.truth('accidental_click', item, id);
  }

  /** Random clicks, at least one per session, never a cart. */
  private botClicks(page: Page): void {
    const n = page.items.length;
    const clicked = page.items.map(() => this.rng.next() < BOT_CLICK_RATE);
    if (!clicked.includes(true)) clicked[this.rng.int(n)] = true;
    for (let k = 0; k < n; k++) {
      if (!clicked[k]) continue;
      this.advance(1, 6);
      const dwell = 0.5 + 7.5 * this.rng.next();
      const id = this.emit('click', page.items[k], k + 1, dwell);
      this.sink.truth('bot_user', page.items[k], id);
    }
  }

  /** Moves the clock forward by a whole number of seconds in [lo, hi). */
  private advance(lo: number, hi: number): void {
    this.ts += lo + this.rng.int(hi - lo);
  }

  /** Records a row, sometimes twice (a planted duplicate). */
  private emit(
    type: EventType,
    item: number,
    position: number,
    dwell: number,
  ): number {
    const id = this.sink.event(type, item, position, this.ts, dwell);
    this.stats.rows++;
    if (id > 0 && this.rng.next() < this.noise.duplicate) {
      if (this.sink.repeat()) {
        this.stats.rows++;
        this.sink.truth('duplicate_event', item, id);
      }
    }
    return id;
  }
}
