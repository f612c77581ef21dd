import { isTransientDbError } from '../errors';

/**
 * Runs `fn` until it succeeds, retrying (with backoff up to `maxDelayMs`) while it fails with a
 * transient database error and `keepGoing()` holds; any other error is thrown at once.
 */
export async function retryTransient<T>(fn: () => Promise<T>, keepGoing: () => boolean, maxDelayMs = 2000): Promise<T> {
  let delay = 50;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientDbError(err) || !keepGoing()) throw err;
      await new Promise((r) => setTimeout(r, delay).unref());
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
