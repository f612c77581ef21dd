// What a database error means for the client, decided once: src/graphql/error-map.ts answers
// with it (top-level errors and mutation payloads), the event stream retries the transient ones.

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

type PgError = { code?: string; constraint?: string; detail?: string };

/** PostgreSQL's error fields, from pg's error or TypeORM's QueryFailedError around it. */
function pgError(err: unknown): PgError | null {
  if (!err || typeof err !== 'object') return null;
  const e = ((err as { driverError?: PgError }).driverError ?? err) as PgError;
  return typeof e.code === 'string' ? e : null;
}

/** What a database error says about the request, or null when it says nothing (a real failure). */
export type DbRefusal =
  /** the database is away for now */
  | { kind: 'unavailable' }
  /** class 22 (data exception) or a CHECK constraint: a value malformed or out of range */
  | { kind: 'malformed'; pgCode: string }
  /** a unique key taken; `column` as the index names it (lower(email) → email) */
  | { kind: 'duplicate'; column: string | null }
  /** a foreign key pointing at nothing */
  | { kind: 'missing-reference' }
  /** a deadlock or serialization failure: a concurrent change got there first */
  | { kind: 'conflict' };

export function dbRefusal(err: unknown): DbRefusal | null {
  if (isTransientDbError(err)) return { kind: 'unavailable' };
  const pg = pgError(err);
  const code = pg?.code;
  if (!code) return null;
  if (code.startsWith('22') || code === '23514') return { kind: 'malformed', pgCode: code };
  if (code === '23505') {
    // "Key (email)=(…)", or for an expression index "Key (lower(email::text))=(…)"
    const m = /Key \((.+?)\)=\(/.exec(pg.detail ?? '');
    return { kind: 'duplicate', column: m ? m[1].replace(/::[a-z ]+/g, '').replace(/^lower\((.*)\)$/, '$1') : null };
  }
  if (code === '23503') return { kind: 'missing-reference' };
  if (code === '40P01' || code === '40001') return { kind: 'conflict' };
  return null;
}
