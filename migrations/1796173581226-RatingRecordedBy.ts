import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RatingRecordedBy1796173581226 implements MigrationInterface {
  name = 'RatingRecordedBy1796173581226';

  public async up(q: QueryRunner): Promise<void> {
    // who recorded a rating for the customer (source STAFF); ratings so far count as the customer's own
    await q.query(`ALTER TABLE "ticket" ADD "satisfaction_recorded_by_id" uuid`);
    await q.query(`ALTER TABLE "ticket" ADD CONSTRAINT "FK_8d1e525de84cc407c0fab3abfbc" FOREIGN KEY ("satisfaction_recorded_by_id") REFERENCES "agent"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "ticket" DROP CONSTRAINT "FK_8d1e525de84cc407c0fab3abfbc"`);
    await q.query(`ALTER TABLE "ticket" DROP COLUMN "satisfaction_recorded_by_id"`);
  }
}
