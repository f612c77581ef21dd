import type { EventRow } from './types';

/**
 * One shared load per event for all of an instance's subscribers: live events reach every
 * subscriber as the same row object, so the first subscriber's load is reused by the rest.
 * A failed load is forgotten, so a retry loads again.
 */
export function perEvent<T>(cache: WeakMap<EventRow, Promise<T>>, row: EventRow, load: () => Promise<T>): Promise<T> {
  let p = cache.get(row);
  if (!p) {
    p = load();
    cache.set(row, p);
    p.catch(() => cache.delete(row));
  }
  return p;
}
