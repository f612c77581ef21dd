import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Limits every hub instance shares (src/graphql/rate-limit.ts, src/graphql/subscription-quota.ts):
 * - rate_limit: rate-limiter-flexible's PostgreSQL store (fixed windows per principal or IP);
 * - hub_instance + live_subscription: live subscriptions counted per (instance, principal); an
 *   instance that stops heart-beating no longer counts, and its rows go with it;
 * - sg_acquire_subscription: checks a principal's total against the caps and takes a place, under
 *   an advisory lock on the principal, so concurrent instances never overshoot.
 * The tables are UNLOGGED: counting is not worth a WAL flush per request (8 ms here, against
 * ~0.1 ms over a plain round-trip unlogged); after a database crash they start empty, which
 * forgets one rate window, and instances re-register and rewrite their live counts.
 */
export class SharedLimits1796174763742 implements MigrationInterface {
  name = 'SharedLimits1796174763742';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE "rate_limit" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
    await q.query(`CREATE INDEX "IDX_rate_limit_expire" ON "rate_limit" ("expire")`);
    await q.query(
      `CREATE UNLOGGED TABLE "hub_instance" ("id" uuid PRIMARY KEY, "started_at" timestamptz NOT NULL DEFAULT now(), "heartbeat_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(
      `CREATE UNLOGGED TABLE "live_subscription" (
        "instance_id" uuid NOT NULL REFERENCES "hub_instance" ("id") ON DELETE CASCADE,
        "principal" varchar(255) NOT NULL,
        "subscriptions" integer NOT NULL,
        "bytes" bigint NOT NULL,
        PRIMARY KEY ("principal", "instance_id"))`,
    );
    await q.query(
      `CREATE FUNCTION sg_acquire_subscription(p_instance uuid, p_principal text, p_bytes bigint, p_max_count integer, p_max_bytes bigint, p_stale_seconds integer)
       RETURNS text LANGUAGE plpgsql AS $$
       DECLARE
         n bigint;
         b bigint;
       BEGIN
         PERFORM pg_advisory_xact_lock(hashtextextended('sg_subscription:' || p_principal, 0));
         -- a plpgsql statement sees what committed before it started: the lock holder's last write
         SELECT COALESCE(SUM(s.subscriptions), 0), COALESCE(SUM(s.bytes), 0) INTO n, b
           FROM live_subscription s JOIN hub_instance i ON i.id = s.instance_id
          WHERE s.principal = p_principal
            AND i.heartbeat_at > clock_timestamp() - make_interval(secs => p_stale_seconds);
         IF n + 1 > p_max_count THEN RETURN 'count'; END IF;
         IF b + p_bytes > p_max_bytes THEN RETURN 'bytes'; END IF;
         INSERT INTO live_subscription (instance_id, principal, subscriptions, bytes) VALUES (p_instance, p_principal, 1, p_bytes)
           ON CONFLICT (principal, instance_id) DO UPDATE
             SET subscriptions = live_subscription.subscriptions + 1, bytes = live_subscription.bytes + p_bytes;
         RETURN NULL;
       END $$`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION sg_acquire_subscription(uuid, text, bigint, integer, bigint, integer)`);
    await q.query(`DROP TABLE "live_subscription"`);
    await q.query(`DROP TABLE "hub_instance"`);
    await q.query(`DROP TABLE "rate_limit"`);
  }
}
