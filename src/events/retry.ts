/**
 * Errors that mean "the database is away for now" (restart, failover, dropped connection,
 * pool exhausted), as opposed to a query that is wrong. Worth retrying once it is back.
 */
const TRANSIENT_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** TypeORM's errors for a query runner whose connection died mid-transaction */
const RELEASED_RUNNER = /^QueryRunner(Provider)?AlreadyReleasedError$/;

export function isTransientDbError(err: unknown): boolean {
  type Link = { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown; name?: unknown; thrownValue?: unknown };
  for (let e = err as Link | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (typeof e.name === 'string' && RELEASED_RUNNER.test(e.name)) return true;
    if (TRANSIENT_PG_CODES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code)) return true;
    if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(e!.message as string))) return true;
    // pg may reject with a plain object, which graphql-js wraps as NonErrorThrown { thrownValue }
    e = (e.driverError ?? e.cause ?? e.thrownValue) as typeof e;
  }
  return false;
}

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
