import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventLogEpoch1796173461186 implements MigrationInterface {
  name = 'EventLogEpoch1796173461186';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_log_state" ADD "epoch" character varying(32)`);
    // this database's event log gets its identity now; cursors carry it (src/events/cursor.ts)
    await q.query(
      `INSERT INTO "event_log_state" ("id", "pruned_through", "epoch") VALUES (1, 0, $1)
       ON CONFLICT ("id") DO UPDATE SET "epoch" = COALESCE("event_log_state"."epoch", EXCLUDED."epoch")`,
      [randomBytes(6).toString('hex')],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_log_state" DROP COLUMN "epoch"`);
  }
}
