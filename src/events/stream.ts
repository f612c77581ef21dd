import { GraphQLError } from 'graphql';
import type { EventBus } from './bus';
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

export function parseEventCursor(after: string): number {
  if (!/^\d{1,18}$/.test(after)) {
    throw new GraphQLError('after must be the cursor of an event this hub delivered', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return Number(after);
}

/**
 * An async iterator of log events for one subscription: first the replay of everything after
 * the cursor (read from the log in pages), then live events from the bus. The live listener
 * is registered before the replay starts and everything is de-duplicated by seq, so there is
 * no gap and no duplicate at the seam.
 */
export async function eventStream(bus: EventBus, opts: StreamOptions): Promise<AsyncIterableIterator<EventRow>> {
  let last: number;
  if (opts.after !== null && opts.after !== undefined) {
    last = parseEventCursor(opts.after);
    const pruned = await bus.prunedThrough();
    if (last < pruned) {
      throw new GraphQLError(
        'This cursor is older than the events the hub keeps; refetch the current state, then subscribe without `after` (or with a newer cursor)',
        { extensions: { code: 'CURSOR_EXPIRED' } },
      );
    }
  } else {
    last = bus.position;
  }
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

  async function* run(): AsyncGenerator<EventRow> {
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
            if (await deliverable(row)) yield row;
          }
          if (rows.length < REPLAY_BATCH) break;
        }
      }
      while (!closed) {
        while (queue.length && !closed) {
          const row = queue.shift()!;
          if (row.seq <= last) continue;
          last = row.seq;
          if (await deliverable(row)) yield row;
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
  const iterator: AsyncIterableIterator<EventRow> = {
    next: () => gen.next(),
    return: (value?: unknown) => {
      closed = true;
      const w = wake;
      wake = null;
      w?.();
      unsubscribe();
      return gen.return(value as EventRow);
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
