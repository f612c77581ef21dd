import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { log } from '../logger';

export type QuotaRefusal = 'count' | 'bytes';

export interface QuotaLimits {
  /** live subscriptions per principal, over all instances (SUBSCRIPTIONS_PER_TOKEN) */
  count: number;
  /** bytes of query text + variables they hold, over all instances (SUBSCRIPTION_BYTES_PER_TOKEN) */
  bytes: number;
}

export interface QuotaTiming {
  heartbeatMs: number;
  /** an instance silent this long no longer counts (it crashed, or lost the database) */
  staleSeconds: number;
}

/**
 * Live subscriptions per principal, shared by every hub instance through PostgreSQL.
 *
 * Each instance registers in `hub_instance` and keeps one `live_subscription` row per principal it
 * serves (count and bytes). Taking a place is one call of `sg_acquire_subscription`, which sums the
 * principal's rows of live instances under an advisory lock and increments this instance's row, so
 * concurrent instances never overshoot; ending one is one UPDATE. Instances heart-beat every 10 s;
 * the rows of one silent for 30 s stop counting and are deleted, so a crashed instance's
 * subscriptions vanish. The instance also keeps its own counts in memory: when the database does
 * not answer, the caps are checked per instance, and the rows are rewritten from memory once it
 * answers again.
 */
export class SubscriptionQuota {
  readonly instanceId = crypto.randomUUID();
  private readonly local = new Map<string, { count: number; bytes: number }>();
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private stopped = false;
  private beating: Promise<void> | null = null;
  /** releases on their way to the database, per principal: an acquire after a release waits for it */
  private readonly releasing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly limits: QuotaLimits,
    private readonly timing: QuotaTiming = { heartbeatMs: 10_000, staleSeconds: 30 },
  ) {}

  async start(): Promise<void> {
    await this.register().catch((err) => {
      this.dirty = true;
      log.warn('could not register for shared subscription caps; retrying', { err: (err as Error).message });
    });
    this.timer = setInterval(() => void this.heartbeat(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  /** Takes a place for one subscription of `bytes`; returns why not when the principal is at a cap. */
  async acquire(principal: string, bytes: number): Promise<QuotaRefusal | null> {
    let refused: QuotaRefusal | null;
    // a place given back on this instance is free for the next subscribe, as with local counts
    await this.releasing.get(principal);
    try {
      refused = await this.acquireShared(principal, bytes);
    } catch (err) {
      if ((err as { code?: string }).code === '23503') {
        // our instance row was taken for dead (a long pause): register again and retry once
        try {
          await this.register();
          this.dirty = true;
          refused = await this.acquireShared(principal, bytes);
        } catch (again) {
          refused = this.fallback(principal, bytes, again);
        }
      } else {
        refused = this.fallback(principal, bytes, err);
      }
    }
    if (refused) return refused;
    const l = this.local.get(principal) ?? { count: 0, bytes: 0 };
    l.count += 1;
    l.bytes += bytes;
    this.local.set(principal, l);
    return null;
  }

  /** Gives back the place of one subscription taken by `acquire`. */
  release(principal: string, bytes: number): void {
    const l = this.local.get(principal);
    if (l) {
      l.count -= 1;
      l.bytes -= bytes;
      if (l.count <= 0) this.local.delete(principal);
    }
    if (this.stopped) return;
    const update = this.pool
      .query('UPDATE live_subscription SET subscriptions = subscriptions - 1, bytes = bytes - $3 WHERE principal = $2 AND instance_id = $1', [
        this.instanceId,
        principal,
        bytes,
      ])
      .catch(() => {
        this.dirty = true;
      });
    const all: Promise<unknown> = Promise.all([this.releasing.get(principal), update]).finally(() => {
      if (this.releasing.get(principal) === all) this.releasing.delete(principal);
    });
    this.releasing.set(principal, all);
  }

  /** Leaves the shared counts (a clean shutdown): this instance's rows go at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await this.pool.query('DELETE FROM hub_instance WHERE id = $1', [this.instanceId]).catch(() => undefined);
  }

  private async acquireShared(principal: string, bytes: number): Promise<QuotaRefusal | null> {
    const { rows } = await this.pool.query('SELECT sg_acquire_subscription($1, $2, $3, $4, $5, $6) AS refused', [
      this.instanceId,
      principal,
      bytes,
      this.limits.count,
      this.limits.bytes,
      this.timing.staleSeconds,
    ]);
    return (rows[0]?.refused as QuotaRefusal | null) ?? null;
  }

  private fallback(principal: string, bytes: number, err: unknown): QuotaRefusal | null {
    log.warn('shared subscription caps unavailable; checking this instance only', { err: (err as Error).message });
    this.dirty = true;
    const l = this.local.get(principal) ?? { count: 0, bytes: 0 };
    if (l.count + 1 > this.limits.count) return 'count';
    if (l.bytes + bytes > this.limits.bytes) return 'bytes';
    return null;
  }

  private async register(): Promise<void> {
    await this.pool.query('INSERT INTO hub_instance (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()', [this.instanceId]);
  }

  /** Rewrites this instance's rows from its own counts (after the database was away). */
  private async resync(): Promise<void> {
    const principals = [...this.local.keys()];
    const counts = principals.map((p) => this.local.get(p)!.count);
    const bytes = principals.map((p) => this.local.get(p)!.bytes);
    this.dirty = false;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM live_subscription WHERE instance_id = $1', [this.instanceId]);
      await client.query(
        `INSERT INTO live_subscription (instance_id, principal, subscriptions, bytes)
         SELECT $1, p, c, b FROM unnest($2::text[], $3::int[], $4::bigint[]) AS x(p, c, b)
         ON CONFLICT (principal, instance_id) DO UPDATE SET subscriptions = EXCLUDED.subscriptions, bytes = EXCLUDED.bytes`,
        [this.instanceId, principals, counts, bytes],
      );
      await client.query('COMMIT');
    } catch (err) {
      this.dirty = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private heartbeat(): Promise<void> {
    if (this.beating || this.stopped) return this.beating ?? Promise.resolve();
    this.beating = (async () => {
      try {
        const r = await this.pool.query('UPDATE hub_instance SET heartbeat_at = now() WHERE id = $1', [this.instanceId]);
        if (r.rowCount === 0) {
          await this.register();
          this.dirty = true;
        }
        if (this.dirty) await this.resync();
        await this.pool.query('DELETE FROM hub_instance WHERE heartbeat_at < now() - make_interval(secs => $1)', [this.timing.staleSeconds]);
        await this.pool.query('DELETE FROM live_subscription WHERE instance_id = $1 AND subscriptions <= 0', [this.instanceId]);
      } catch (err) {
        this.dirty = true;
        log.debug('subscription caps heartbeat failed', { err: (err as Error).message });
      } finally {
        this.beating = null;
      }
    })();
    return this.beating;
  }
}
