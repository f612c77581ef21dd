import crypto from 'node:crypto';
import { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '../errors';
import { log } from '../logger';
import { errorBody } from './error-map';

/**
 * A small pool of its own for the shared limits (request rate, live subscriptions): a flood of
 * requests queues here, not in front of the resolvers, and a database that does not answer
 * fails fast (1 s) so the in-memory insurance decides instead.
 */
export function createLimitsPool(databaseUrl: string): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: 1000,
    query_timeout: 1000,
    idleTimeoutMillis: 30000,
    application_name: 'servicegraph-limits',
    // limits are not worth a WAL flush per request: a crash forgets at most a moment of counting
    options: '-c synchronous_commit=off',
  });
  pool.on('error', (err) => log.debug('limits pool connection failed', { err: err.message }));
  return pool;
}

/** Keys are at most 255 characters in the store: long ones are hashed. */
function storeKey(key: string): string {
  return key.length <= 200 ? key : 'sha256:' + crypto.createHash('sha256').update(key).digest('base64url');
}

/**
 * The request rate, per principal (src/auth/viewer.ts principalKey) or, without a valid token,
 * per client IP, shared by every hub instance through PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres, table `rate_limit`).
 *
 * rate-limiter-flexible counts fixed windows: RATE_LIMIT_BURST requests per window of
 * BURST × 60 / RATE_LIMIT_PER_MINUTE seconds, which keeps both the burst and the long-run rate of
 * the settings. Each request costs one upsert (one round-trip on a prepared statement); a key over
 * its limit is then refused from memory until its window ends, so a flood does not become a flood
 * of writes. When the database does not answer, an in-memory limiter with the same settings
 * decides (per instance) until it does again.
 */
export class RequestLimiter {
  private readonly limiter: RateLimiterAbstract;
  readonly windowSeconds: number;

  constructor(pool: Pool | null, perMinute: number, burst: number) {
    this.windowSeconds = Math.max(1, Math.round((burst * 60) / perMinute));
    this.chunk = Math.max(1, Math.floor(burst / 20));
    const insurance = new RateLimiterMemory({ keyPrefix: 'rl', points: burst, duration: this.windowSeconds });
    this.limiter = pool
      ? new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          tableName: 'rate_limit',
          tableCreated: true, // the migration creates it
          keyPrefix: 'rl',
          points: burst,
          duration: this.windowSeconds,
          inMemoryBlockOnConsumed: burst + 1,
          insuranceLimiter: insurance,
        })
      : insurance;
  }

  /**
   * Requests an instance takes from the shared store at once (a twentieth of the burst): the
   * rest of a chunk is spent locally until its window ends, so a busy principal costs the
   * database one round trip per chunk instead of one per request. The price: a principal may be
   * refused up to a chunk less than its burst near a window's end when several instances hold
   * unspent chunks. With small bursts (tests, strict settings) the chunk is 1 and exact.
   */
  private readonly chunk: number;
  private readonly local = new Map<string, { left: number; until: number }>();
  /** requests refused so far (the servicegraph_rate_limited_total metric reads it) */
  refusals = 0;

  /**
   * Chunks being fetched from the store, by key: requests of one principal that arrive together
   * wait for the one fetch and share its chunk, rather than each taking a chunk of its own (60
   * parallel requests once took 60 chunks, three times a burst of 100,000, and were refused).
   */
  private readonly fetching = new Map<string, Promise<number | null>>();

  /** Takes one request from the key's window; returns the seconds to wait when it is spent. */
  async take(key: string): Promise<number | null> {
    if (this.chunk === 1) return this.counted(await this.consume(key, 1));
    for (;;) {
      const held = this.local.get(key);
      if (held && held.left > 0 && Date.now() < held.until) {
        held.left--;
        return null;
      }
      const pending = this.fetching.get(key);
      if (pending) {
        // another request of this key is fetching a chunk: take from it when it lands
        const wait = await pending;
        if (wait !== null) return this.counted(wait);
        continue;
      }
      const fetch = this.fetchChunk(key);
      this.fetching.set(key, fetch);
      try {
        return this.counted(await fetch);
      } finally {
        this.fetching.delete(key);
      }
    }
  }

  /** One chunk from the store; the caller's request is the chunk's first, the rest are held here. */
  private async fetchChunk(key: string): Promise<number | null> {
    const now = Date.now();
    let msBeforeNext = 0;
    const wait = await this.consume(key, this.chunk, (ms) => (msBeforeNext = ms));
    if (wait === null) {
      if (this.local.size >= 50_000) this.local.clear();
      this.local.set(key, { left: this.chunk - 1, until: now + msBeforeNext });
    }
    return wait;
  }

  private counted(wait: number | null): number | null {
    if (wait !== null) this.refusals++;
    return wait;
  }

  private async consume(key: string, points: number, granted?: (msBeforeNext: number) => void): Promise<number | null> {
    try {
      const res = await this.limiter.consume(storeKey(key), points);
      granted?.(res.msBeforeNext);
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      // neither the store nor the insurance answered: let the request through rather than fail
      // it, and the chunk with it for a second (its waiters must not each try the store in turn)
      log.warn('rate limiter failed', { err: res });
      granted?.(1000);
      return null;
    }
  }
}

/** The 429 body for a request refused before GraphQL sees it (the same shape Apollo answers). */
export const rateLimitedBody = (retryAfterSeconds: number) => errorBody(rateLimited(retryAfterSeconds));
