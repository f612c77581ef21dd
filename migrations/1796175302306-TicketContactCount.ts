import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ticket.contact_count: how many interactions are attached to the ticket, so failure demand
 * (ticketStats contactCount / shareOfContacts) reads the ticket table only, under any filter;
 * and an index on (created_at, root_cause, contact_count) so the usual shape (a created range,
 * by root cause) is an index-only scan.
 *
 * Kept exact by statement-level AFTER triggers on interaction with transition tables, in the
 * transaction that writes the interactions, whoever writes them (the API, the seed CLI's bulk
 * INSERT … SELECT, ON DELETE SET NULL from a deleted ticket, TRUNCATE). Each statement adds its
 * per-ticket delta with `contact_count = contact_count + n`: the row lock serialises
 * concurrent writers and READ COMMITTED re-reads the latest count, so no increment is lost.
 *
 * The backfill runs with interaction locked against writes (SHARE ROW EXCLUSIVE) until the
 * migration commits, so no interaction is written between the count and the triggers.
 */
export class TicketContactCount1796175302306 implements MigrationInterface {
  name = 'TicketContactCount1796175302306';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE "interaction" IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE "ticket" ADD "contact_count" integer NOT NULL DEFAULT '0'`);
    await q.query(`
      CREATE FUNCTION ticket_contact_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE ticket t SET contact_count = t.contact_count + d.n
            FROM (SELECT ticket_id, count(*)::int AS n FROM ix_new WHERE ticket_id IS NOT NULL GROUP BY ticket_id) d
           WHERE t.id = d.ticket_id;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE ticket t SET contact_count = t.contact_count - d.n
            FROM (SELECT ticket_id, count(*)::int AS n FROM ix_old WHERE ticket_id IS NOT NULL GROUP BY ticket_id) d
           WHERE t.id = d.ticket_id;
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE ticket t SET contact_count = t.contact_count + d.n
            FROM (SELECT ticket_id, sum(n)::int AS n
                    FROM (SELECT ticket_id, 1 AS n FROM ix_new UNION ALL SELECT ticket_id, -1 FROM ix_old) u
                   WHERE ticket_id IS NOT NULL GROUP BY ticket_id HAVING sum(n) <> 0) d
           WHERE t.id = d.ticket_id;
        ELSE -- TRUNCATE
          UPDATE ticket SET contact_count = 0 WHERE contact_count <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER interaction_contact_count_ins AFTER INSERT ON "interaction"
      REFERENCING NEW TABLE AS ix_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_contact_count_apply()`);
    await q.query(`CREATE TRIGGER interaction_contact_count_del AFTER DELETE ON "interaction"
      REFERENCING OLD TABLE AS ix_old FOR EACH STATEMENT EXECUTE FUNCTION ticket_contact_count_apply()`);
    await q.query(`CREATE TRIGGER interaction_contact_count_upd AFTER UPDATE ON "interaction"
      REFERENCING OLD TABLE AS ix_old NEW TABLE AS ix_new FOR EACH STATEMENT EXECUTE FUNCTION ticket_contact_count_apply()`);
    await q.query(`CREATE TRIGGER interaction_contact_count_trunc AFTER TRUNCATE ON "interaction"
      FOR EACH STATEMENT EXECUTE FUNCTION ticket_contact_count_apply()`);
    await q.query(`
      UPDATE "ticket" t SET contact_count = c.n
        FROM (SELECT ticket_id, count(*)::int AS n FROM "interaction" WHERE ticket_id IS NOT NULL GROUP BY ticket_id) c
       WHERE t.id = c.ticket_id`);
    // failure demand over a created range reads this index only (no ticket heap) once pages are all-visible
    await q.query(`CREATE INDEX "IDX_03560a5ca64bc2a5b55c97713a" ON "ticket"  ("created_at", "root_cause", "contact_count") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_03560a5ca64bc2a5b55c97713a"`);
    await q.query(`DROP TRIGGER interaction_contact_count_trunc ON "interaction"`);
    await q.query(`DROP TRIGGER interaction_contact_count_upd ON "interaction"`);
    await q.query(`DROP TRIGGER interaction_contact_count_del ON "interaction"`);
    await q.query(`DROP TRIGGER interaction_contact_count_ins ON "interaction"`);
    await q.query(`DROP FUNCTION ticket_contact_count_apply()`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "contact_count"`);
  }
}
