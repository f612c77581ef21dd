import type { EventBus } from './bus';
import { cursorOf, parseCursor, readLogState, seqAfter } from './cursor';
import { retryTransient } from './retry';
import type { EventRow } from './types';

export interface StreamOptions {
  topics: string[];
  /** cursor from a previous event: replay everything after it first */
  after: string | null | undefined;
  /** does this subscriber get this event (filter and authorization)? */
  match: (row: EventRow) => boolean | Promise<boolean>;
  /** called before each delivered event, e.g. to give it fresh DataLoaders */
  beforeEach?: () => void;
  /**
   * Loads what the event's resolver needs (e.g. primes the loader with the entity) before the
   * event is handed to GraphQL. A transient database failure here (restart, dropped connection)
   * is retried, after a fresh `beforeEach`, until the database answers, so an event whose
   * resolution would have failed is delivered late rather than turned into a cursor-less error.
   */
  prepare?: (row: EventRow) => Promise<unknown>;
}

const REPLAY_BATCH = 500;

/** An event as a subscription delivers it: the log row plus its cursor for clients. */
export interface DeliveredEvent extends EventRow {
  cursor: string;
}

/** The log row a delivered event was made from (hidden, not enumerable): live events share it across subscriptions. */
const SOURCE_ROW = Symbol('sourceRow');

/** The bus's row behind a delivered event: one object per live event for every subscription of the instance (graphql/fanout.ts keys per-event state on it). */
export function sourceRowOf(event: unknown): EventRow | undefined {
  return event && typeof event === 'object' ? ((event as Record<symbol, EventRow | undefined>)[SOURCE_ROW]) : undefined;
}

/**
 * An async iterator of log events for one subscription: first the replay of everything after
 * the cursor (read from the log in pages), then live events from the bus. The live listener
 * is registered before the replay starts and everything is de-duplicated by seq, so there is
 * no gap and no duplicate at the seam.
 */
export async function eventStream(bus: EventBus, opts: StreamOptions): Promise<AsyncIterableIterator<DeliveredEvent>> {
  // read from the database, not this instance's bus: another instance may be ahead of it
  const cursor = opts.after !== null && opts.after !== undefined ? parseCursor(opts.after) : null;
  const log = await readLogState(bus.database, cursor?.check !== undefined ? cursor.seq : null);
  let last: number;
  if (cursor) {
    last = seqAfter(cursor, log);
  } else {
    last = bus.position;
  }
  const delivered = (row: EventRow): DeliveredEvent =>
    Object.defineProperty({ ...row, cursor: cursorOf(log, row) }, SOURCE_ROW, { value: row });
  const replayFrom = opts.after !== null && opts.after !== undefined ? last : null;
  const topics = new Set(opts.topics);
  const queue: EventRow[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const unsubscribe = bus.subscribe((row) => {
    if (!topics.has(row.topic)) return;
    queue.push(row);
    const w = wake;
    wake = null;
    w?.();
  });

  /** Does this subscriber get the row? If so, readies it (fresh loaders, prepare). */
  async function deliverable(row: EventRow): Promise<boolean> {
    if (!(await opts.match(row))) return false;
    opts.beforeEach?.();
    if (opts.prepare) {
      let attempt = 0;
      try {
        await retryTransient(
          () => {
            if (attempt++ > 0) opts.beforeEach?.();
            return opts.prepare!(row);
          },
          () => !closed,
        );
      } catch (err) {
        if (closed) return false;
        throw err;
      }
    }
    return !closed;
  }

  async function* run(): AsyncGenerator<DeliveredEvent> {
    try {
      if (replayFrom !== null) {
        for (;;) {
          // a database restart in the middle of a replay is waited out, not turned into an error
          let rows: EventRow[];
          try {
            rows = await retryTransient(() => bus.readAfter(last, opts.topics, REPLAY_BATCH), () => !closed);
          } catch (err) {
            if (closed) return;
            throw err;
          }
          for (const row of rows) {
            if (closed) return;
            last = row.seq;
            if (await deliverable(row)) yield delivered(row);
          }
          if (rows.length < REPLAY_BATCH) break;
        }
      }
      while (!closed) {
        while (queue.length && !closed) {
          const row = queue.shift()!;
          if (row.seq <= last) continue;
          last = row.seq;
          if (await deliverable(row)) yield delivered(row);
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (queue.length || closed) resolve();
        });
      }
    } finally {
      unsubscribe();
    }
  }

  const gen = run();
  const iterator: AsyncIterableIterator<DeliveredEvent> = {
    next: () => gen.next(),
    return: (value?: unknown) => {
      closed = true;
      const w = wake;
      wake = null;
      w?.();
      unsubscribe();
      return gen.return(value as DeliveredEvent);
    },
    throw: (err?: unknown) => {
      closed = true;
      unsubscribe();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
