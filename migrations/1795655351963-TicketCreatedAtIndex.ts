import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TicketCreatedAtIndex1795655351963 implements MigrationInterface {
  name = 'TicketCreatedAtIndex1795655351963';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_7ba1b51f207cd4cd1456401267" ON "ticket"  ("created_at") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_7ba1b51f207cd4cd1456401267"`);
  }
}
