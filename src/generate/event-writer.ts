/**
 * The sink that writes events.csv and truth.csv: numbers events, stops at
 * the requested row count and counts what it wrote.
 */
import { BufferedWriter } from './buffered-writer.ts';
import { fixed2, formatId, idWidth } from './ids.ts';
import type { EventSink, EventType, TruthKind } from './sink.ts';

export const EVENT_COLUMNS = [
  'event_id',
  'ts',
  'user_id',
  'session_id',
  'query',
  'item_id',
  'position',
  'event_type',
  'dwell',
];

export const TRUTH_COLUMNS = [
  'kind',
  'user_id',
  'session_id',
  'item_id',
  'event_id',
];

/** Rows written, by event type and by truth kind. */
export interface WrittenCounts {
  rows: number;
  byType: Record<EventType, number>;
  truth: Record<TruthKind, number>;
}

export class CsvEventSink implements EventSink {
  readonly counts: WrittenCounts = {
    rows: 0,
    byType: { impression: 0, click: 0, cart: 0, purchase: 0 },
    truth: {
      accidental_click: 0,
      bot_user: 0,
      duplicate_event: 0,
      flipped_label: 0,
    },
  };
  private nextId = 1;
  private lastRow = '';
  private lastType: EventType = 'impression';
  private userId = '';
  private sessionId = '';
  private middle = '';
  private readonly userWidth: number;
  private readonly sessionWidth: number;

  constructor(
    private readonly events: BufferedWriter,
    private readonly truthFile: BufferedWriter,
    private readonly limit: number,
    private readonly itemIds: string[],
    users: number,
  ) {
    this.userWidth = idWidth(users);
    this.sessionWidth = Math.max(7, idWidth(limit));
    events.write(EVENT_COLUMNS.join(',') + '\n');
    truthFile.write(TRUTH_COLUMNS.join(',') + '\n');
  }

  get full(): boolean {
    return this.counts.rows >= this.limit;
  }

  beginSession(user: number, session: number, query: string): void {
    this.userId = formatId('u', user, this.userWidth);
    this.sessionId = formatId('s', session, this.sessionWidth);
    this.middle = `,${this.userId},${this.sessionId},${query},`;
  }

  event(
    type: EventType,
    item: number,
    position: number,
    ts: number,
    dwell: number,
  ): number {
    if (this.full) return -1;
    const id = this.nextId++;
    const d = Number.isNaN(dwell) ? '' : fixed2(dwell);
    const head = `${id},${ts}${this.middle}`;
    this.put(head + `${this.itemIds[item]},${position},${type},${d}\n`, type);
    return id;
  }

  repeat(): boolean {
    if (this.full || !this.lastRow) return false;
    this.put(this.lastRow, this.lastType);
    return true;
  }

  truth(kind: TruthKind, item: number, eventId: number): void {
    if (eventId <= 0) return;
    this.counts.truth[kind]++;
    const who = `${kind},${this.userId},${this.sessionId},`;
    this.truthFile.write(who + `${this.itemIds[item]},${eventId}\n`);
  }

  private put(row: string, type: EventType): void {
    this.events.write(row);
    this.lastRow = row;
    this.lastType = type;
    this.counts.rows++;
    this.counts.byType[type]++;
  }
}
