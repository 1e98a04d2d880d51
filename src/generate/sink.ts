/**
 * Where a simulated session sends its rows. The simulator decides what
 * happens; a sink numbers, formats and stores it (or only counts it).
 */

export type EventType = 'impression' | 'click' | 'cart' | 'purchase';

export type TruthKind =
  'accidental_click' | 'bot_user' | 'duplicate_event' | 'flipped_label';

export const TRUTH_KINDS: readonly TruthKind[] = [
  'accidental_click',
  'bot_user',
  'duplicate_event',
  'flipped_label',
];

export interface EventSink {
  /** Starts session number `session` of `user` with its query. */
  beginSession(user: number, session: number, query: string): void;
  /**
   * Records one event; `dwell` is NaN except on clicks. Returns the event
   * id, or -1 when the sink is full and the event was dropped.
   */
  event(
    type: EventType,
    item: number,
    position: number,
    ts: number,
    dwell: number,
  ): number;
  /** Repeats the last recorded row exactly; false when it could not. */
  repeat(): boolean;
  /** Records a planted bad sample pointing at event `eventId`. */
  truth(kind: TruthKind, item: number, eventId: number): void;
}

/** A sink that only numbers events, for dry runs. */
export class NullSink implements EventSink {
  private next = 1;
  beginSession(): void {}
  event(): number {
    return this.next++;
  }
  repeat(): boolean {
    return true;
  }
  truth(): void {}
}
